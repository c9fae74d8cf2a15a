import { Injectable } from '@nestjs/common';
import { CASE_FACETS, CASE_TEXT_FIELDS, type CaseTextField } from '@opencen/contracts';
import { type SearchHit, SearchService } from '@opencen/nest-kit';

import { type CaseOrder, type CasePosition, type CaseQuery } from '../domain/case-query';
import {
  CaseSearchStore,
  type CasePage,
  type FacetCounts,
  type FoundCase,
  type StatisticsSum,
} from '../usecases/ports';
import { CASE_SEARCH_INDEX, summaryOfHit } from './case-search.index';
import {
  FACET_FIELDS,
  FACET_SIZE,
  caseSearchQuery,
  caseSearchSort,
  positionOfHit,
  searchAfter,
} from './case-search.query';

interface Buckets {
  buckets: { key: string; doc_count: number }[];
}

interface MeasureBucket {
  key: { dimension: string; key: string; figure: string; unit: string };
  amount: { value: number };
}

/** Buckets of the statistics read per request (they are paged through). */
const STATISTICS_PAGE = 2000;

/** Search and statistics of cases on the cases index (CASE_SEARCH_INDEX). */
@Injectable()
export class OpenSearchCaseSearchStore extends CaseSearchStore {
  constructor(private readonly searchService: SearchService) {
    super();
  }

  async search(
    query: CaseQuery,
    order: CaseOrder,
    limit: number,
    after?: CasePosition,
    options: { readonly facets?: boolean } = {},
  ): Promise<CasePage> {
    const reply = await this.searchService.query(CASE_SEARCH_INDEX, {
      query: caseSearchQuery(query),
      sort: caseSearchSort(order),
      size: limit,
      track_total_hits: true,
      _source: { excludes: ['measures', ...CASE_TEXT_FIELDS] },
      ...(after ? { search_after: searchAfter(order, after) } : {}),
      ...(query.text !== undefined
        ? {
            highlight: {
              fields: Object.fromEntries(
                CASE_TEXT_FIELDS.map((field) => [`${field}*`, { number_of_fragments: 3 }]),
              ),
            },
          }
        : {}),
      ...(options.facets
        ? {
            aggs: Object.fromEntries(
              CASE_FACETS.map((facet) => [
                facet,
                { terms: { field: FACET_FIELDS[facet], size: FACET_SIZE } },
              ]),
            ),
          }
        : {}),
    });
    return {
      found: reply.hits.map((hit) => foundCase(hit, order)),
      total: reply.total,
      ...(options.facets
        ? { facets: facetsOf(reply.aggregations as unknown as Record<string, Buckets>) }
        : {}),
    };
  }

  /** The count, and the nested measures summed by a composite aggregation, page by page. */
  async statistics(query: CaseQuery): Promise<{ cases: number; sums: StatisticsSum[] }> {
    const sums: StatisticsSum[] = [];
    let cases = 0;
    let afterKey: Record<string, string> | undefined;
    do {
      const reply = await this.searchService.query(CASE_SEARCH_INDEX, {
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
      });
      cases = reply.total;
      const composite = (
        reply.aggregations as unknown as {
          measures: {
            sums: { buckets: MeasureBucket[]; after_key?: Record<string, string> };
          };
        }
      ).measures.sums;
      for (const bucket of composite.buckets) {
        sums.push({
          dimension: bucket.key.dimension as StatisticsSum['dimension'],
          key: bucket.key.key,
          figure: bucket.key.figure as StatisticsSum['figure'],
          unit: bucket.key.unit,
          amount: bucket.amount.value,
        });
      }
      afterKey = composite.buckets.length === STATISTICS_PAGE ? composite.after_key : undefined;
    } while (afterKey);
    return { cases, sums };
  }
}

function foundCase(hit: SearchHit, order: CaseOrder): FoundCase {
  const highlights = highlightsOf(hit.highlight);
  return {
    summary: { ...summaryOfHit(hit._source ?? {}), ...(highlights ? { highlights } : {}) },
    position: positionOfHit(order, hit.sort ?? []),
  };
}

/** The passages of each text field, from whichever of its analyses matched (folded first). */
function highlightsOf(
  highlight: Record<string, string[]> | undefined,
): Partial<Record<CaseTextField, string[]>> | undefined {
  if (!highlight) return undefined;
  const byField: Partial<Record<CaseTextField, string[]>> = {};
  for (const [name, passages] of Object.entries(highlight).sort(
    ([a], [b]) => a.length - b.length,
  )) {
    const field = name.split('.')[0] as CaseTextField;
    byField[field] = [...new Set([...(byField[field] ?? []), ...passages])].slice(0, 3);
  }
  return Object.keys(byField).length > 0 ? byField : undefined;
}

function facetsOf(aggregations: Record<string, Buckets>): FacetCounts {
  return Object.fromEntries(
    CASE_FACETS.map((facet) => [
      facet,
      aggregations[facet]!.buckets.map((bucket) => ({
        value: String(bucket.key),
        count: bucket.doc_count,
      })),
    ]),
  ) as FacetCounts;
}
