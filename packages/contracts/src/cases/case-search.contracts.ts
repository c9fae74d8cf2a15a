/**
 * Contracts of the search and statistics of cases. Both take the same filter, so that a figure of
 * the statistics can always be opened as the list of the cases behind it. Every filter field is a
 * single value, so that each one is a plain query parameter at the gateway.
 *
 * Both are answered by the cases service's search index (OpenSearch), which is fed from the
 * cases' events: a change is found within CASE_SEARCHABLE_WITHIN_MS of its acknowledgement.
 * Statistics are aggregations over the figures the cases service derives at every write (month,
 * categories, office, methods, route countries, and per-key quantities and values).
 */
import { z } from 'zod';

import { countryCodeSchema } from '../persons/person.contracts';
import { principalSchema } from '../principal';
import { defineRequest } from '../requests';
import { CASE_PHOTO_KINDS } from './case-photo.contracts';
import { CASE_STATUSES, CASE_TYPES, caseNumberSchema } from './case.contracts';

const referenceCode = z.string().trim().min(1).max(35);
const timestamp = z.iso.datetime({ offset: true });
/** A day (the whole day, in UTC) or an instant with its time zone. */
const dayOrInstant = z.union([z.iso.date(), timestamp]);

/** Which cases to count or list; every field narrows the set, all together. */
export const caseSearchFilterSchema = z.strictObject({
  /** Detected at or after this day (from 00:00 UTC) or instant. */
  detectedFrom: dayOrInstant.optional(),
  /** Detected at or before this day (to 24:00 UTC) or instant. */
  detectedTo: dayOrInstant.optional(),
  /** The owning office of the case. */
  office: referenceCode.optional(),
  status: z.enum(CASE_STATUSES).optional(),
  type: z.enum(CASE_TYPES).optional(),
  /** An item of the case has this commodity category. */
  commodityCategory: referenceCode.optional(),
  /** An item's HS code starts with these digits (2 for a chapter, 4 for a heading, up to 10). */
  hsPrefix: z
    .string()
    .regex(/^\d{2,10}$/, '2 to 10 digits')
    .optional(),
  /** The country is anywhere on the route: departure, transit or destination. */
  country: countryCodeSchema.optional(),
  detectionMethod: referenceCode.optional(),
  concealmentMethod: referenceCode.optional(),
  /** A person or company of the persons service named as a party. */
  partyId: z.string().min(1).max(64).optional(),
  /** A conveyance of the persons service. */
  conveyanceId: z.string().min(1).max(64).optional(),
  /**
   * Words that must all appear in the narrative, the item descriptions, the place or the risk
   * indicators: compared without case or diacritics, and by their stem in English, French,
   * Spanish, Russian, Arabic and Portuguese (so an inflected form finds the others). Words of one
   * or two characters are not indexed, so a text needs one of at least three: said here as a
   * pattern, so that the OpenAPI document says it too.
   */
  text: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/[\p{L}\p{N}]{3}/u, 'needs a word of at least 3 letters or digits')
    .optional(),
});
export type CaseSearchFilter = z.infer<typeof caseSearchFilterSchema>;

export const CASE_SORT_FIELDS = ['detectedAt', 'updatedAt', 'number'] as const;
export type CaseSortField = (typeof CASE_SORT_FIELDS)[number];

/** What a search lists of each case: enough to show a row, not the case itself. */
export const caseSummarySchema = z.object({
  id: z.string(),
  number: caseNumberSchema,
  type: z.enum(CASE_TYPES),
  status: z.enum(CASE_STATUSES),
  office: z.string(),
  detectedAt: timestamp.optional(),
  updatedAt: timestamp,
  commodityCategories: z.array(z.string()),
  routeCountries: z.array(z.string()),
  itemCount: z.number().int().min(0),
  partyCount: z.number().int().min(0),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

/** The free-text fields a search highlights its matched words in. */
export const CASE_TEXT_FIELDS = [
  'narrative',
  'itemDescriptions',
  'places',
  'riskIndicators',
] as const;
export type CaseTextField = (typeof CASE_TEXT_FIELDS)[number];

/** The filter dimensions a search can count its matching cases by (facets). */
export const CASE_FACETS = [
  'office',
  'status',
  'type',
  'commodityCategory',
  'country',
  'detectionMethod',
  'concealmentMethod',
] as const;
export type CaseFacet = (typeof CASE_FACETS)[number];

/** How many of the matching cases have each value, the most frequent first (up to 50). */
export const facetCountsSchema = z.array(
  z.object({ value: z.string(), count: z.number().int().min(0) }),
);

/**
 * How soon a change of a case is found by search and counted by statistics: the search index is
 * fed from the case's events after the write is acknowledged, usually within a second. Clients
 * that must see their own write wait for it up to this bound (readiness reports the lag).
 */
export const CASE_SEARCHABLE_WITHIN_MS = 5000;

export const searchCases = defineRequest({
  service: 'cases',
  aggregate: 'case',
  verb: 'search',
  description:
    'Lists the cases the principal may read that match every filter given, sorted, a page at a time (pass back `nextCursor` with the same filter and sort), with the exact total that match, the matched words highlighted and, on request, the counts by each filter dimension. A change is searchable within 5 s of its acknowledgement (usually within one).',
  request: caseSearchFilterSchema.extend({
    /** Detection date (cases not yet dated come last when descending, first when ascending). */
    sort: z.enum(CASE_SORT_FIELDS).default('detectedAt'),
    order: z.enum(['asc', 'desc']).default('desc'),
    limit: z.number().int().min(1).max(100).default(20),
    cursor: z.string().max(300).optional(),
    /** Also count the matching cases by each filter dimension (CASE_FACETS). */
    facets: z.boolean().default(false),
  }),
  reply: z.object({
    items: z.array(
      caseSummarySchema.extend({
        /** With a `text`: the passages of each field where its words were found, as `<em>word</em>`. */
        highlights: z.partialRecord(z.enum(CASE_TEXT_FIELDS), z.array(z.string())).optional(),
      }),
    ),
    /** How many cases match the filter, over all pages. */
    total: z.number().int().min(0),
    nextCursor: z.string().optional(),
    /** With `facets`: the counts of the matching cases by each filter dimension. */
    facets: z.record(z.enum(CASE_FACETS), facetCountsSchema).optional(),
  }),
});

export const STATISTICS_DIMENSIONS = [
  'month',
  'commodityCategory',
  'office',
  'detectionMethod',
  'concealmentMethod',
  'routeCountry',
] as const;
export type StatisticsDimension = (typeof STATISTICS_DIMENSIONS)[number];

/**
 * The figures of one key of a dimension (one month, one category...). A case with two keys in a
 * dimension (two categories, three route countries) counts under each. Quantities of categories
 * and concealment methods are those of the items with that key; for the other dimensions, those
 * of every item of the case.
 */
export const statisticsRowSchema = z.object({
  key: z.string(),
  cases: z.number().int().min(0),
  /** Summed per unit, since kilograms and pieces do not add up. */
  quantities: z.array(z.object({ unit: z.string(), quantity: z.number() })),
  /** Estimated values summed per currency (no conversion). */
  values: z.array(z.object({ currency: z.string(), amount: z.number() })),
});
export type StatisticsRow = z.infer<typeof statisticsRowSchema>;

export const caseStatistics = defineRequest({
  service: 'cases',
  aggregate: 'case',
  verb: 'statistics',
  description:
    'Counts the cases the principal may read that match the filter, with quantities (per unit) and estimated values (per currency), by month, commodity category, office, detection method, concealment method and route country. A change is counted within 5 s of its acknowledgement (usually within one).',
  request: caseSearchFilterSchema,
  reply: z.object({
    /** How many cases match the filter. */
    cases: z.number().int().min(0),
    /** Per dimension, its keys in ascending order. */
    dimensions: z.object({
      month: z.array(statisticsRowSchema),
      commodityCategory: z.array(statisticsRowSchema),
      office: z.array(statisticsRowSchema),
      detectionMethod: z.array(statisticsRowSchema),
      concealmentMethod: z.array(statisticsRowSchema),
      routeCountry: z.array(statisticsRowSchema),
    }),
  }),
});

/** A photo or X-ray image found by a photo search, with the case it belongs to. */
export const foundCasePhotoSchema = z.object({
  caseId: z.string(),
  caseNumber: caseNumberSchema,
  office: z.string(),
  photoId: z.string(),
  kind: z.enum(CASE_PHOTO_KINDS),
  caption: z.string().optional(),
});
export type FoundCasePhoto = z.infer<typeof foundCasePhotoSchema>;

export const searchCasePhotos = defineRequest({
  service: 'cases',
  aggregate: 'photo',
  verb: 'search',
  description:
    'Lists the photos and X-ray images of the cases the principal may read, by kind and caption words, within cases matching the case filters, a page of cases at a time (pass back `nextCursor`), with the exact number of photos that match. A photo is searchable within 5 s of being added.',
  request: caseSearchFilterSchema.extend({
    kind: z.enum(CASE_PHOTO_KINDS).optional(),
    /** Words that must all be in the caption, in any of the search languages. */
    caption: z.string().trim().min(1).max(200).optional(),
    /** Cases per page (each with all its matching photos). */
    limit: z.number().int().min(1).max(100).default(20),
    cursor: z.string().max(300).optional(),
  }),
  reply: z.object({
    items: z.array(foundCasePhotoSchema),
    /** How many photos match, over all pages. */
    total: z.number().int().min(0),
    nextCursor: z.string().optional(),
  }),
});

/** The most saved searches one request evaluates against one record. */
export const SAVED_SEARCHES_MAX = 500;

/** The filter of a case search as it is saved: every field of the search, and no other. */
export const savedCaseSearchFilterSchema = z.strictObject(caseSearchFilterSchema.shape);

/** A saved search to evaluate for its owner: its id, its filter, and its owner as a principal. */
export const savedCaseSearchSchema = z.strictObject({
  id: z.string().min(1).max(64),
  filter: savedCaseSearchFilterSchema,
  principal: principalSchema.strict(),
});

export const matchSavedCaseSearches = defineRequest({
  service: 'cases',
  aggregate: 'saved-search',
  verb: 'match',
  description:
    "Which saved case searches match one case: each filter is the case search's, run as its owner's principal (so within what that owner may read) and restricted to that case, all in one search request. Answered once the index holds every case event published before the request (UNAVAILABLE otherwise: ask again). For services only: a request carrying a user's principal is FORBIDDEN.",
  request: z.strictObject({
    caseId: z.string().min(1).max(64),
    searches: z.array(savedCaseSearchSchema).min(1).max(SAVED_SEARCHES_MAX),
  }),
  reply: z.object({
    /** The ids of the searches that find the case. */
    matching: z.array(z.string()),
    /** The case's number, when a search finds it: what a notification of the match names. */
    number: caseNumberSchema.optional(),
  }),
});

export const caseSearchRequestContracts = [
  searchCases,
  caseStatistics,
  searchCasePhotos,
  matchSavedCaseSearches,
] as const;
