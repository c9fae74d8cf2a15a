import { Injectable } from '@nestjs/common';
import {
  CASE_FACETS,
  CASE_TEXT_FIELDS,
  type CaseTextField,
  type FoundCasePhoto,
} from '@opencen/contracts';
import { type SearchHit, SearchService } from '@opencen/nest-kit';

import { type CaseOrder, type CasePosition, type CaseQuery } from '../domain/case-query';
import {
  CaseSearchStore,
  type CasePage,
  type FacetCounts,
  type FoundCase,
  type PhotoQuery,
  type StatisticsSum,
} from '../usecases/ports';
import {
  CAPTION_QUERY_FIELDS,
  CASE_SEARCH_INDEX,
  type IndexedPhoto,
  MAX_PHOTOS_PER_CASE,
  summaryOfHit,
} from './case-search.index';
import {
  FACET_FIELDS,
  FACET_SIZE,
  STATISTICS_PAGE,
  caseSearchQuery,
  caseSearchSort,
  caseStatisticsBody,
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
      const reply = await this.searchService.query(
        CASE_SEARCH_INDEX,
        caseStatisticsBody(query, afterKey),
      );
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

  /** Cases with a matching photo, each with its matching photos as inner hits. */
  async photos(
    query: CaseQuery,
    photo: PhotoQuery,
    limit: number,
    afterCaseId?: string,
  ): Promise<{ found: FoundCasePhoto[]; total: number; lastCaseId?: string }> {
    const photoMatch = photoQuery(photo);
    const cases = caseSearchQuery(query) as { bool: { filter: unknown[]; must: unknown[] } };
    const reply = await this.searchService.query(CASE_SEARCH_INDEX, {
      query: {
        bool: {
          ...cases.bool,
          must: [
            ...cases.bool.must,
            {
              nested: {
                path: 'photos',
                query: photoMatch,
                inner_hits: {
                  size: MAX_PHOTOS_PER_CASE,
                  _source: ['photos.id', 'photos.kind', 'photos.caption'],
                },
              },
            },
          ],
        },
      },
      sort: [{ id: { order: 'asc' } }],
      size: limit,
      _source: ['id', 'number', 'office'],
      ...(afterCaseId ? { search_after: [afterCaseId] } : {}),
      aggs: {
        photos: { nested: { path: 'photos' }, aggs: { matching: { filter: photoMatch } } },
      },
    });
    const found = reply.hits.flatMap((hit) => {
      const source = hit._source ?? {};
      const inner = (
        hit as unknown as {
          inner_hits: { photos: { hits: { hits: { _source: IndexedPhoto }[] } } };
        }
      ).inner_hits.photos.hits.hits;
      return inner.map(({ _source: photoSource }) => ({
        caseId: source.id as string,
        caseNumber: source.number as string,
        office: source.office as string,
        photoId: photoSource.id,
        kind: photoSource.kind as FoundCasePhoto['kind'],
        ...(photoSource.caption ? { caption: photoSource.caption } : {}),
      }));
    });
    const total = (reply.aggregations as { photos: { matching: { doc_count: number } } }).photos
      .matching.doc_count;
    return {
      found,
      total,
      ...(reply.hits.length === limit ? { lastCaseId: reply.hits.at(-1)!._id } : {}),
    };
  }
}

/** The photos a photo search wants: of a kind, with every caption word in one of its analyses. */
function photoQuery(photo: PhotoQuery): Record<string, unknown> {
  const filter = photo.kind ? [{ term: { 'photos.kind': photo.kind } }] : [];
  const must = photo.caption
    ? [
        {
          multi_match: {
            query: photo.caption,
            fields: CAPTION_QUERY_FIELDS,
            type: 'cross_fields',
            operator: 'and',
          },
        },
      ]
    : [];
  return { bool: { filter, must } };
}

function foundCase(hit: SearchHit, order: CaseOrder): FoundCase {
  const highlights = highlightsOf(hit.highlight);
  return {
    summary: { ...summaryOfHit(hit._source ?? {}), ...(highlights ? { highlights } : {}) },
    position: positionOfHit(order, hit.sort ?? []),
  };
}

/**
 * The passages of each text field, with the words matched in any of its analyses marked: each
 * analysis (folded, each language) highlights only what it matched, so one passage can come back
 * several times with different words marked; they are merged into one.
 */
function highlightsOf(
  highlight: Record<string, string[]> | undefined,
): Partial<Record<CaseTextField, string[]>> | undefined {
  if (!highlight) return undefined;
  const byField = new Map<CaseTextField, Map<string, Set<string>>>();
  for (const [name, passages] of Object.entries(highlight)) {
    const field = name.split('.')[0] as CaseTextField;
    const marked = byField.get(field) ?? new Map<string, Set<string>>();
    byField.set(field, marked);
    for (const passage of passages) {
      const plain = passage.replace(/<\/?em>/g, '');
      const words = marked.get(plain) ?? new Set<string>();
      for (const [, word] of passage.matchAll(/<em>(.*?)<\/em>/g)) words.add(word!);
      marked.set(plain, words);
    }
  }
  const result: Partial<Record<CaseTextField, string[]>> = {};
  for (const [field, marked] of byField) {
    result[field] = [...marked].slice(0, 3).map(([plain, words]) => markWords(plain, words));
  }
  return byField.size > 0 ? result : undefined;
}

/** The text with each whole occurrence of the words between <em> and </em>. */
function markWords(text: string, words: ReadonlySet<string>): string {
  if (words.size === 0) return text;
  const alternatives = [...words]
    .sort((a, b) => b.length - a.length)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
  return text.replace(
    new RegExp(`(?<![\\p{L}\\p{N}])(${alternatives})(?![\\p{L}\\p{N}])`, 'gu'),
    '<em>$1</em>',
  );
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
