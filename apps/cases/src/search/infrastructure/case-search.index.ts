import { type Case, CASE_TEXT_FIELDS, type CaseSummary } from '@opencen/contracts';
import { type ProjectedDocument, type SearchIndexDefinition } from '@opencen/nest-kit';

import { dimensionsOf } from '../../cases/domain/dimensions';

/** The languages whose stemming free-text search applies, by subfield name. */
const LANGUAGE_ANALYZERS = {
  en: 'english',
  fr: 'french',
  es: 'spanish',
  ru: 'russian',
  ar: 'arabic',
  pt: 'portuguese',
} as const;

/**
 * A free-text field: folded (lower case, no diacritics, any script) and, in subfields, analysed
 * by each language's stemmer, so that `кокаином` finds `кокаин` and `saisies` finds `saisie`.
 */
const freeText = {
  type: 'text',
  analyzer: 'folded',
  fields: Object.fromEntries(
    Object.entries(LANGUAGE_ANALYZERS).map(([field, analyzer]) => [
      field,
      { type: 'text', analyzer },
    ]),
  ),
};

/** The fields a text query is matched against: every free-text field in every analysis. */
export const CASE_TEXT_QUERY_FIELDS = CASE_TEXT_FIELDS.flatMap((field) => [
  field,
  ...Object.keys(LANGUAGE_ANALYZERS).map((language) => `${field}.${language}`),
]);

/** The analyses of photo captions a caption query is matched against. */
export const CAPTION_QUERY_FIELDS = [
  'photos.caption',
  ...Object.keys(LANGUAGE_ANALYZERS).map((language) => `photos.caption.${language}`),
];

const keyword = { type: 'keyword' };

/**
 * The cases index: one document per case, with what search filters, sorts, counts and shows, and
 * the statistics figures as nested measures. Version 1; a change here is a new version, filled by
 * `npm run reindex -w @opencen/cases`.
 */
export const CASE_SEARCH_INDEX: SearchIndexDefinition = {
  alias: 'cases',
  version: 1,
  settings: {
    index: { number_of_shards: 1, auto_expand_replicas: '0-1', refresh_interval: '1s' },
    analysis: {
      analyzer: {
        folded: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding'] },
      },
    },
  },
  mappings: {
    dynamic: 'strict',
    properties: {
      id: keyword,
      number: keyword,
      type: keyword,
      status: keyword,
      office: keyword,
      classification: keyword,
      detectionOffice: keyword,
      // Filters and shows it; absent while a draft has no date.
      detectedAt: { type: 'date' },
      // Sorts by it: the detection time, -1 without one (first ascending, last descending).
      detectedOrder: { type: 'long' },
      updatedAt: { type: 'date' },
      createdAt: { type: 'date' },
      period: keyword,
      assignedInvestigators: keyword,
      commodityCategories: keyword,
      hsCodes: keyword,
      hsHeadings: keyword,
      routeCountries: keyword,
      detectionMethods: keyword,
      concealmentMethods: keyword,
      subjectKeys: keyword,
      itemCount: { type: 'integer' },
      partyCount: { type: 'integer' },
      ...Object.fromEntries(CASE_TEXT_FIELDS.map((field) => [field, freeText])),
      // The case's photos and X-ray images, searched by kind and caption within the case's filters.
      photos: {
        type: 'nested',
        properties: { id: keyword, kind: keyword, caption: freeText },
      },
      measures: {
        type: 'nested',
        properties: {
          dimension: keyword,
          key: keyword,
          figure: keyword,
          unit: keyword,
          amount: { type: 'double' },
        },
      },
    },
  },
};

const present = (values: readonly (string | undefined)[]): string[] =>
  values.filter((value): value is string => typeof value === 'string' && value.length > 0);

/** What the index holds of a photo of a case. */
export interface IndexedPhoto {
  readonly id: string;
  readonly kind: string;
  readonly caption?: string;
}

/** Photos a case can hold at most; the index version counts them (see caseSearchDocument). */
const PHOTO_VERSIONS = 10_000;
/** Matching photos a photo search lists per case. */
export const MAX_PHOTOS_PER_CASE = 100;

/**
 * The index document of a case and its photos, with the dimensions derived from the case (the
 * same the store keeps beside it). Adding a photo records it in the case's history without a new
 * case version, so the index version is the case version followed by the photo count: a later
 * read, with a photo more, always wins.
 */
export function caseSearchDocument(
  kase: Case,
  photos: readonly IndexedPhoto[] = [],
): ProjectedDocument {
  const detectedAt = kase.detectedAt ? new Date(kase.detectedAt) : undefined;
  const dimensions = dimensionsOf(kase);
  return {
    id: kase.id,
    version: kase.version * PHOTO_VERSIONS + Math.min(photos.length, PHOTO_VERSIONS - 1),
    document: {
      id: kase.id,
      number: kase.number,
      type: kase.type,
      status: kase.status,
      office: kase.office,
      classification: kase.classification,
      detectionOffice: dimensions.detectionOffice,
      ...(detectedAt ? { detectedAt: detectedAt.toISOString() } : {}),
      detectedOrder: detectedAt ? detectedAt.getTime() : -1,
      updatedAt: new Date(kase.updatedAt).toISOString(),
      createdAt: new Date(kase.createdAt).toISOString(),
      period: dimensions.period,
      assignedInvestigators: kase.assignedInvestigators,
      commodityCategories: dimensions.commodityCategories,
      hsCodes: dimensions.hsCodes,
      hsHeadings: dimensions.hsHeadings,
      routeCountries: dimensions.routeCountries,
      detectionMethods: kase.detectionMethods,
      concealmentMethods: dimensions.concealmentMethods,
      subjectKeys: dimensions.subjectKeys,
      itemCount: dimensions.itemCount,
      partyCount: kase.parties.length,
      narrative: kase.narrative,
      itemDescriptions: present(kase.items.map((item) => item.description)),
      places: present([kase.location.placeType, kase.location.placeDescription]),
      riskIndicators: present(
        kase.riskIndicators.flatMap((indicator) => [indicator.code, indicator.text]),
      ),
      photos: photos.map((photo) => ({
        id: photo.id,
        kind: photo.kind,
        ...(photo.caption ? { caption: photo.caption } : {}),
      })),
      measures: dimensions.measures,
    },
  };
}

/** What a search hit shows: the summary of the case, from the index document. */
export function summaryOfHit(source: Record<string, unknown>): CaseSummary {
  return {
    id: source.id as string,
    number: source.number as string,
    type: source.type as CaseSummary['type'],
    status: source.status as CaseSummary['status'],
    office: source.office as string,
    ...(source.detectedAt ? { detectedAt: source.detectedAt as string } : {}),
    updatedAt: source.updatedAt as string,
    commodityCategories: source.commodityCategories as string[],
    routeCountries: source.routeCountries as string[],
    itemCount: source.itemCount as number,
    partyCount: source.partyCount as number,
  };
}
