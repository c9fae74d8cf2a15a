import { Injectable } from '@nestjs/common';
import { SearchService } from '@opencen/nest-kit';

import { type CaseQuery } from '../domain/case-query';
import { CaseLinksStore, type LinkedCase } from '../usecases/ports';
import { CASE_SEARCH_INDEX, summaryOfHit } from './case-search.index';
import { caseSearchQuery, caseSearchSort } from './case-search.query';

/** What a case's summary is made of (summaryOfHit): the rest of the document is not fetched. */
const SUMMARY_FIELDS = [
  'id',
  'number',
  'type',
  'status',
  'office',
  'detectedAt',
  'updatedAt',
  'commodityCategories',
  'routeCountries',
  'itemCount',
  'partyCount',
];

/** The links view's hops on the cases index (CASE_SEARCH_INDEX): cases by their subject keys. */
@Injectable()
export class OpenSearchCaseLinksStore extends CaseLinksStore {
  constructor(private readonly searchService: SearchService) {
    super();
  }

  async naming(
    query: CaseQuery,
    subjectKeys: readonly string[],
    except: readonly string[],
    limit: number,
  ): Promise<{ found: LinkedCase[]; total: number }> {
    const scoped = caseSearchQuery(query) as { bool: { filter: unknown[]; must: unknown[] } };
    const reply = await this.searchService.query(CASE_SEARCH_INDEX, {
      query: {
        bool: {
          ...scoped.bool,
          filter: [...scoped.bool.filter, { terms: { subjectKeys: [...subjectKeys] } }],
          ...(except.length > 0 ? { must_not: [{ ids: { values: [...except] } }] } : {}),
        },
      },
      sort: caseSearchSort({ field: 'detectedAt', direction: 'desc' }),
      size: limit,
      track_total_hits: true,
      _source: { includes: [...SUMMARY_FIELDS, 'subjectKeys'] },
    });
    return {
      found: reply.hits.map((hit) => {
        const source = hit._source ?? {};
        return {
          summary: summaryOfHit(source),
          subjectKeys: (source.subjectKeys as string[] | undefined) ?? [],
        };
      }),
      total: reply.total,
    };
  }
}
