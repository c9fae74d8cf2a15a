import { type CaseSummary, type StatisticsDimension } from '@opencen/contracts';

import { type CaseOrder, type CasePosition, type CaseQuery } from '../domain/case-query';

/** A case of a page, with the sort key the next page starts after. */
export interface FoundCase {
  readonly summary: CaseSummary;
  readonly position: CasePosition;
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

/** Where search and statistics read cases (the store of the cases service). */
export abstract class CaseSearchStore {
  /** Up to `limit` cases matching the query, in order, after `after` when given. */
  abstract page(
    query: CaseQuery,
    order: CaseOrder,
    limit: number,
    after?: CasePosition,
  ): Promise<FoundCase[]>;
  /** How many cases match the query. */
  abstract count(query: CaseQuery): Promise<number>;
  /** The stored figures of the matching cases, summed per dimension, key, figure and unit. */
  abstract sums(query: CaseQuery): Promise<StatisticsSum[]>;
}
