import {
  type CaseStatus,
  type Classification,
  type CaseFacet,
  type CasePhotoKind,
  type FoundCasePhoto,
  type CaseSummary,
  type CaseTextField,
  type StatisticsDimension,
  type SubjectType,
} from '@opencen/contracts';

import { type CaseOrder, type CasePosition, type CaseQuery } from '../domain/case-query';

/** A case of a page, the passages its text matched in, and the sort key the next page starts after. */
export interface FoundCase {
  readonly summary: CaseSummary & {
    readonly highlights?: Partial<Record<CaseTextField, string[]>>;
  };
  readonly position: CasePosition;
}

/** How many matching cases have each value of a filter dimension. */
export type FacetCounts = Record<CaseFacet, { value: string; count: number }[]>;

/** A page of matching cases, the exact number that match, and their facets when asked. */
export interface CasePage {
  readonly found: FoundCase[];
  readonly total: number;
  readonly facets?: FacetCounts;
}

/** One summed figure: under a dimension key, the cases, a quantity in a unit or a value in a currency. */
export interface StatisticsSum {
  readonly dimension: StatisticsDimension;
  readonly key: string;
  readonly figure: 'cases' | 'quantity' | 'value';
  /** The unit or currency; '' for the case count. */
  readonly unit: string;
  readonly amount: number;
}

/** Where search and statistics read cases: the search index of the cases service. */
export abstract class CaseSearchStore {
  /** Up to `limit` cases matching the query, in order, after `after` when given. */
  abstract search(
    query: CaseQuery,
    order: CaseOrder,
    limit: number,
    after?: CasePosition,
    options?: { readonly facets?: boolean },
  ): Promise<CasePage>;
  /** How many cases match, and their figures summed per dimension, key, figure and unit. */
  abstract statistics(query: CaseQuery): Promise<{ cases: number; sums: StatisticsSum[] }>;
  /**
   * The photos matching `photo` of up to `limit` cases matching the query, in case id order after
   * `afterCaseId`; `total` counts the matching photos of every page, `lastCaseId` where the page
   * stopped when more cases may follow.
   */
  abstract photos(
    query: CaseQuery,
    photo: PhotoQuery,
    limit: number,
    afterCaseId?: string,
  ): Promise<{ found: FoundCasePhoto[]; total: number; lastCaseId?: string }>;
}

/** What a photo search looks for in the photos of the matching cases. */
export interface PhotoQuery {
  readonly kind?: CasePhotoKind;
  /** Caption words, as written. */
  readonly caption?: string;
}

/**
 * What the features that read cases by key (exchange, subject merges) ask of the cases index: the
 * ids of the cases that match, before they read each case from the store.
 */
export interface CaseIdFilter {
  /** Cases of these classifications only (an export: those within the exporter's clearance). */
  readonly classifications?: readonly Classification[];
  readonly statuses?: readonly CaseStatus[];
  readonly offices?: readonly string[];
  /** Detected on or after this UTC day (`YYYY-MM-DD`). */
  readonly detectedFrom?: string;
  /** Detected on or before this UTC day. */
  readonly detectedTo?: string;
  readonly commodityCategory?: string;
  /** A country anywhere on the route. */
  readonly routeCountry?: string;
  /** Cases that name this subject, as a party or as their conveyance. */
  readonly naming?: { readonly subjectType: SubjectType; readonly subjectId: string };
}

/** The ids of cases from the cases index, exported by the search module. */
export abstract class CaseIndex {
  /** Whether the index holds every case event published so far, waiting up to `withinMs`. */
  abstract caughtUp(withinMs: number): Promise<boolean>;
  /** The ids of the matching cases in id order, after `after`, up to `limit` (all when absent). */
  abstract ids(
    filter: CaseIdFilter,
    page?: { readonly after?: string; readonly limit?: number },
  ): Promise<string[]>;
}

/** A saved search to try on one case: its id and its query for its owner. */
export interface SavedCaseQuery {
  readonly id: string;
  readonly query: CaseQuery;
}

/** Which saved searches find one case, from the cases index (all in one request). */
export abstract class CaseMatches {
  /** The ids of the queries that find the case, and the case's number when one does. */
  abstract of(
    caseId: string,
    queries: readonly SavedCaseQuery[],
  ): Promise<{ matching: string[]; number?: string }>;
}

/** A case of the links view: its summary and the subjects it names (`person:<id>`...). */
export interface LinkedCase {
  readonly summary: CaseSummary;
  readonly subjectKeys: readonly string[];
}

/** Where the links view reads which cases name which subjects: the cases index. */
export abstract class CaseLinksStore {
  /**
   * Up to `limit` cases matching the query that name one of `subjectKeys` and are not in
   * `except`, the most recently detected first, and how many such cases there are in all.
   */
  abstract naming(
    query: CaseQuery,
    subjectKeys: readonly string[],
    except: readonly string[],
    limit: number,
  ): Promise<{ found: LinkedCase[]; total: number }>;
}
