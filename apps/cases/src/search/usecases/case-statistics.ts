import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  STATISTICS_DIMENSIONS,
  type StatisticsDimension,
  type StatisticsRow,
  type caseStatistics,
} from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { CaseSearchStore, type StatisticsSum } from './ports';
import { scopedQuery } from './search-scope';

export type CaseStatisticsCommand = HandlerRequestOf<typeof caseStatistics> & {
  readonly context: RequestContext;
};

type Reply = HandlerReplyOf<typeof caseStatistics>;

/**
 * Cases, quantities per unit and values per currency of the cases the principal may read that
 * match the filter, by month, category, office, detection and concealment method and route
 * country. The search index sums the figures derived from each case; this arranges them in rows.
 */
@Injectable()
export class CaseStatistics {
  constructor(private readonly store: CaseSearchStore) {}

  async execute(command: CaseStatisticsCommand): Promise<Reply> {
    const { context, ...filter } = command;
    const query = scopedQuery(filter, context);
    const { cases, sums } = await this.store.statistics(query);
    return { cases, dimensions: rowsOf(sums) };
  }
}

const byText =
  <T>(key: (item: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/** The sums as rows per dimension, keys and units in ascending order. */
export function rowsOf(sums: readonly StatisticsSum[]): Reply['dimensions'] {
  const rows = new Map<StatisticsDimension, Map<string, StatisticsRow>>(
    STATISTICS_DIMENSIONS.map((dimension) => [dimension, new Map()]),
  );
  for (const sum of sums) {
    const keys = rows.get(sum.dimension);
    if (!keys) continue; // a dimension this version does not report
    let row = keys.get(sum.key);
    if (!row) {
      row = { key: sum.key, cases: 0, quantities: [], values: [] };
      keys.set(sum.key, row);
    }
    if (sum.figure === 'cases') row.cases += sum.amount;
    else if (sum.figure === 'quantity')
      row.quantities.push({ unit: sum.unit, quantity: sum.amount });
    else row.values.push({ currency: sum.unit, amount: sum.amount });
  }
  const sorted = (keys: Map<string, StatisticsRow>): StatisticsRow[] =>
    [...keys.values()].sort(byText((row) => row.key)).map((row) => ({
      ...row,
      quantities: row.quantities.sort(byText((q) => q.unit)),
      values: row.values.sort(byText((v) => v.currency)),
    }));
  return Object.fromEntries(
    STATISTICS_DIMENSIONS.map((dimension) => [dimension, sorted(rows.get(dimension)!)]),
  ) as Reply['dimensions'];
}
