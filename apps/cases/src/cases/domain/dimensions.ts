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
}

const unique = (values: readonly (string | undefined)[]): string[] =>
  [...new Set(values.filter((v): v is string => v !== undefined && v !== ''))].sort();

export function dimensionsOf(draft: CaseDraft): CaseDimensions {
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
  };
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
