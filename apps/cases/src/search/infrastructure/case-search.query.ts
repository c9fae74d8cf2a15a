import { type CaseFacet } from '@opencen/contracts';

import { type CaseOrder, type CasePosition, type CaseQuery } from '../domain/case-query';
import { CASE_TEXT_QUERY_FIELDS } from './case-search.index';

type Clause = Record<string, unknown>;

/**
 * The OpenSearch query of a case query: every filter, the principal's read scope (so a case they
 * may not read is neither a hit nor counted) and the free text over every language's analysis.
 */
export function caseSearchQuery(query: CaseQuery): Clause {
  const filter: Clause[] = [];
  const { scope } = query;
  filter.push({ terms: { classification: [...scope.classifications] } });
  if (!scope.all) {
    const readable: Clause[] = [];
    if (scope.offices.length > 0) readable.push({ terms: { office: [...scope.offices] } });
    if (scope.assignedTo !== undefined) {
      readable.push({ term: { assignedInvestigators: scope.assignedTo } });
    }
    if (scope.statuses.length > 0) readable.push({ terms: { status: [...scope.statuses] } });
    filter.push({ bool: { should: readable, minimum_should_match: 1 } });
  }
  if (query.detectedFrom || query.detectedBefore) {
    filter.push({
      range: {
        detectedAt: {
          ...(query.detectedFrom ? { gte: query.detectedFrom.toISOString() } : {}),
          ...(query.detectedBefore ? { lt: query.detectedBefore.toISOString() } : {}),
        },
      },
    });
  }
  const term = (field: string, value: string | undefined) => {
    if (value !== undefined) filter.push({ term: { [field]: value } });
  };
  term('office', query.office);
  term('status', query.status);
  term('type', query.type);
  term('commodityCategories', query.commodityCategory);
  term('routeCountries', query.country);
  term('detectionMethods', query.detectionMethod);
  term('concealmentMethods', query.concealmentMethod);
  if (query.hsPrefix !== undefined) filter.push({ prefix: { hsCodes: query.hsPrefix } });
  if (query.partyId !== undefined) {
    filter.push({
      terms: { subjectKeys: [`person:${query.partyId}`, `company:${query.partyId}`] },
    });
  }
  term('subjectKeys', query.conveyanceId && `conveyance:${query.conveyanceId}`);
  const must: Clause[] = [];
  if (query.text !== undefined) {
    // Each word in some field, within one analysis: all words folded, or all stemmed alike.
    must.push({
      multi_match: {
        query: query.text,
        fields: CASE_TEXT_QUERY_FIELDS,
        type: 'cross_fields',
        operator: 'and',
      },
    });
  }
  return { bool: { filter, must } };
}

/** The indexed field each sort orders by. */
const SORT_FIELDS = {
  detectedAt: 'detectedOrder',
  updatedAt: 'updatedAt',
  number: 'number',
} as const;

/** The sort of a page: the field, then the id, so that equal keys keep one order. */
export function caseSearchSort(order: CaseOrder): Clause[] {
  return [{ [SORT_FIELDS[order.field]]: { order: order.direction } }, { id: { order: 'asc' } }];
}

/** Where a page starts: after the sort values of the previous page's last case. */
export function searchAfter(order: CaseOrder, position: CasePosition): (string | number)[] {
  const { value } = position;
  if (order.field === 'number') return [String(value), position.id];
  if (value === null) return [-1, position.id];
  return [(value as Date).getTime(), position.id];
}

/** The position of a hit from its sort values. */
export function positionOfHit(order: CaseOrder, sort: readonly unknown[]): CasePosition {
  const [value, id] = sort as [string | number, string];
  if (order.field === 'number') return { value: String(value), id };
  return { value: value === -1 ? null : new Date(Number(value)), id };
}

/** The indexed field each facet counts. */
export const FACET_FIELDS: Record<CaseFacet, string> = {
  office: 'office',
  status: 'status',
  type: 'type',
  commodityCategory: 'commodityCategories',
  country: 'routeCountries',
  detectionMethod: 'detectionMethods',
  concealmentMethod: 'concealmentMethods',
};

/** Values per facet beyond which the rest is not listed. */
export const FACET_SIZE = 50;

/** Measure buckets per page of the statistics aggregation. */
export const STATISTICS_PAGE = 2000;

/**
 * One page of the statistics of a query: its exact count, and the nested measures summed per
 * dimension, key, figure and unit by a composite aggregation resumed after `afterKey`.
 */
export function caseStatisticsBody(
  query: CaseQuery,
  afterKey?: Record<string, string>,
): Record<string, unknown> {
  return {
    query: caseSearchQuery(query),
    size: 0,
    track_total_hits: true,
    aggs: {
      measures: {
        nested: { path: 'measures' },
        aggs: {
          sums: {
            composite: {
              size: STATISTICS_PAGE,
              sources: ['dimension', 'key', 'figure', 'unit'].map((field) => ({
                [field]: { terms: { field: `measures.${field}` } },
              })),
              ...(afterKey ? { after: afterKey } : {}),
            },
            aggs: { amount: { sum: { field: 'measures.amount' } } },
          },
        },
      },
    },
  };
}
