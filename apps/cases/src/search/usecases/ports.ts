import {
  type CaseFacet,
  type CasePhotoKind,
  type FoundCasePhoto,
  type CaseSummary,
  type CaseTextField,
  type StatisticsDimension,
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
