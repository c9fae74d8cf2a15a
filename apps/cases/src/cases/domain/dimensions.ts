import { type CaseDraft, type CaseSubjectLink } from '@opencen/contracts';

import { routeCountries } from './mandatory-minimum';

/**
 * Fields derived from a case at every write, stored beside it so that search and statistics run
 * on plain indexed fields and `$sum`/`$count` on both MongoDB and FerretDB (no `$unwind` of items,
 * no expressions on dates, no `$text`).
 */
export interface CaseDimensions {
  /** Month of detection, `YYYY-MM` (UTC); absent while the draft has no date. */
  period?: string;
  /** Year of detection, for yearly figures. */
  year?: number;
  /** The office where it was detected (`location.office`). */
  detectionOffice?: string;
  commodityCategories: string[];
  /** HS codes as given, and their 4-digit headings (for prefix search by heading). */
  hsCodes: string[];
  hsHeadings: string[];
  /** Every country of the route, departure, transit and destination. */
  routeCountries: string[];
  concealmentMethods: string[];
  /** `person:<id>`, `company:<id>`, `conveyance:<id>`: every subject the case names. */
  subjectKeys: string[];
  /** Normalised words of the narrative and item descriptions, for free-text search. */
  keywords: string[];
  itemCount: number;
  /** The figures of statistics, one entry per dimension key (see measuresOf). */
  measures: CaseMeasure[];
}

/**
 * One figure of a case under one key of a statistics dimension: the case itself (`cases`, 1), a
 * quantity in a unit, or a value in a currency. Statistics unwind this array once and `$sum` its
 * `amount` grouped by dimension, key, figure and unit. Shaped for FerretDB 1.24, which returns
 * nothing for two `$unwind`s in one pipeline and computes only the first accumulator of a `$group`.
 */
export interface CaseMeasure {
  dimension: string;
  key: string;
  figure: 'cases' | 'quantity' | 'value';
  /** The unit of a quantity, the currency of a value, '' for the case count. */
  unit: string;
  amount: number;
}

const unique = (values: readonly (string | undefined)[]): string[] =>
  [...new Set(values.filter((v): v is string => v !== undefined && v !== ''))].sort();

/** The draft, and the owning office once the case has one (statistics by office use it). */
export function dimensionsOf(draft: CaseDraft & { office?: string }): CaseDimensions {
  const detected = draft.detectedAt ? new Date(draft.detectedAt) : undefined;
  const hsCodes = unique(draft.items.map((item) => item.hsCode));
  return {
    ...(detected
      ? {
          period: detected.toISOString().slice(0, 7),
          year: detected.getUTCFullYear(),
        }
      : {}),
    ...(draft.location.office ? { detectionOffice: draft.location.office } : {}),
    commodityCategories: unique(draft.items.map((item) => item.commodityCategory)),
    hsCodes,
    hsHeadings: unique(hsCodes.map((code) => code.slice(0, 4))),
    routeCountries: routeCountries(draft).sort(),
    concealmentMethods: unique(draft.items.map((item) => item.concealment?.method)),
    subjectKeys: unique(subjectsOf(draft).map((s) => `${s.subjectType}:${s.subjectId}`)),
    keywords: keywordsOf([draft.narrative, ...draft.items.map((item) => item.description)]),
    itemCount: draft.items.length,
    measures: measuresOf(draft),
  };
}

type Item = CaseDraft['items'][number];

/**
 * The statistics figures of a case. Categories and concealment methods count the items with
 * that key; month, office, detection methods and route countries count every item of the case.
 */
export function measuresOf(draft: CaseDraft & { office?: string }): CaseMeasure[] {
  const detected = draft.detectedAt ? new Date(draft.detectedAt) : undefined;
  const caseKeys: [string, string[]][] = [
    ['month', detected ? [detected.toISOString().slice(0, 7)] : []],
    ['office', unique([draft.office])],
    ['detectionMethod', unique(draft.detectionMethods)],
    ['routeCountry', routeCountries(draft).sort()],
  ];
  const measures: CaseMeasure[] = [];
  for (const [dimension, keys] of caseKeys) {
    for (const key of keys) measures.push(...figures(dimension, key, draft.items));
  }
  const itemKeys: [string, (item: Item) => string | undefined][] = [
    ['commodityCategory', (item) => item.commodityCategory],
    ['concealmentMethod', (item) => item.concealment?.method],
  ];
  for (const [dimension, keyOf] of itemKeys) {
    for (const key of unique(draft.items.map(keyOf))) {
      measures.push(
        ...figures(
          dimension,
          key,
          draft.items.filter((item) => keyOf(item) === key),
        ),
      );
    }
  }
  return measures;
}

/** The count, and the items' quantities per unit and values per currency, under one key. */
function figures(dimension: string, key: string, items: readonly Item[]): CaseMeasure[] {
  const quantities = new Map<string, number>();
  const values = new Map<string, number>();
  for (const item of items) {
    if (item.quantity !== undefined && item.unit) {
      quantities.set(item.unit, (quantities.get(item.unit) ?? 0) + item.quantity);
    }
    if (item.estimatedValue) {
      const { amount, currency } = item.estimatedValue;
      values.set(currency, (values.get(currency) ?? 0) + amount);
    }
  }
  return [
    { dimension, key, figure: 'cases', unit: '', amount: 1 },
    ...[...quantities].map(([unit, amount]) => ({
      dimension,
      key,
      figure: 'quantity' as const,
      unit,
      amount,
    })),
    ...[...values].map(([unit, amount]) => ({
      dimension,
      key,
      figure: 'value' as const,
      unit,
      amount,
    })),
  ];
}

/** Words shorter than this are not indexed (articles, units). */
const MIN_KEYWORD_LENGTH = 3;
const MAX_KEYWORDS = 500;

/**
 * Normalised keywords of free texts: lower case, without diacritics, split on anything that is not
 * a letter or digit, at least three characters, each once, sorted. Search normalises its query the
 * same way and matches with `{ keywords: { $all: words } }`.
 */
export function keywordsOf(texts: readonly (string | undefined)[]): string[] {
  const words = new Set<string>();
  for (const text of texts) {
    if (!text) continue;
    for (const word of normaliseWords(text)) {
      if (word.length >= MIN_KEYWORD_LENGTH) words.add(word);
    }
  }
  return [...words].sort().slice(0, MAX_KEYWORDS);
}

/** The words of a text as keywords are stored (for the search of others to reuse). */
export function normaliseWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/**
 * The subjects a case names, in the form the persons service consumes: each party with its role,
 * and the conveyance with the role `other`.
 */
export function subjectsOf(draft: Pick<CaseDraft, 'parties' | 'conveyance'>): CaseSubjectLink[] {
  const subjects: CaseSubjectLink[] = draft.parties.map((party) => ({
    subjectType: party.subjectType,
    subjectId: party.subjectId,
    role: party.role,
  }));
  if (draft.conveyance?.conveyanceId) {
    subjects.push({
      subjectType: 'conveyance',
      subjectId: draft.conveyance.conveyanceId,
      role: 'other',
    });
  }
  return subjects;
}
