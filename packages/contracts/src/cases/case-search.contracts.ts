/**
 * Contracts of the search and statistics of cases. Both take the same filter, so that a figure of
 * the statistics can always be opened as the list of the cases behind it. Every filter field is a
 * single value, so that each one is a plain query parameter at the gateway.
 *
 * Statistics are computed on dimension fields the cases service stores at every write (month,
 * categories, office, methods, route countries, and per-key quantities and values), with `$sum`
 * only, so they run on MongoDB and FerretDB alike.
 */
import { z } from 'zod';

import { countryCodeSchema } from '../persons/person.contracts';
import { defineRequest } from '../requests';
import { CASE_STATUSES, CASE_TYPES, caseNumberSchema } from './case.contracts';

const referenceCode = z.string().trim().min(1).max(35);
const timestamp = z.iso.datetime({ offset: true });
/** A day (the whole day, in UTC) or an instant with its time zone. */
const dayOrInstant = z.union([z.iso.date(), timestamp]);

/** Which cases to count or list; every field narrows the set, all together. */
export const caseSearchFilterSchema = z.object({
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
   * Words that must all appear in the narrative or an item description, compared without case or
   * diacritics; words shorter than three characters are not indexed and are ignored.
   */
  text: z.string().trim().min(1).max(200).optional(),
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

export const searchCases = defineRequest({
  service: 'cases',
  aggregate: 'case',
  verb: 'search',
  description:
    'Lists the cases the principal may read that match every filter given, sorted, a page at a time (pass back `nextCursor` with the same filter and sort), with the total number that match.',
  request: caseSearchFilterSchema.extend({
    /** Detection date (cases not yet dated come last when descending, first when ascending). */
    sort: z.enum(CASE_SORT_FIELDS).default('detectedAt'),
    order: z.enum(['asc', 'desc']).default('desc'),
    limit: z.number().int().min(1).max(100).default(20),
    cursor: z.string().max(300).optional(),
  }),
  reply: z.object({
    items: z.array(caseSummarySchema),
    /** How many cases match the filter, over all pages. */
    total: z.number().int().min(0),
    nextCursor: z.string().optional(),
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
    'Counts the cases the principal may read that match the filter, with quantities (per unit) and estimated values (per currency), by month, commodity category, office, detection method, concealment method and route country.',
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

export const caseSearchRequestContracts = [searchCases, caseStatistics] as const;
