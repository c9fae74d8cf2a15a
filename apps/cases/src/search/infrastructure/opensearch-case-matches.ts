import { Injectable } from '@nestjs/common';
import { SearchService } from '@opencen/nest-kit';

import { CaseMatches, type SavedCaseQuery } from '../usecases/ports';
import { CASE_SEARCH_INDEX } from './case-search.index';
import { caseSearchQuery } from './case-search.query';

interface MultiSearchReply {
  responses: {
    error?: unknown;
    hits?: { hits: { _source?: { number?: string } }[] };
  }[];
}

/**
 * Saved searches on one case, in one `_msearch`: each search's own query (filter and access scope)
 * with the case's id added as a filter, so each answers that case or nothing.
 */
@Injectable()
export class OpenSearchCaseMatches extends CaseMatches {
  constructor(private readonly search: SearchService) {
    super();
  }

  async of(
    caseId: string,
    queries: readonly SavedCaseQuery[],
  ): Promise<{ matching: string[]; number?: string }> {
    const index = this.search.alias(CASE_SEARCH_INDEX);
    const body = queries.flatMap(({ query }) => {
      const scoped = caseSearchQuery(query) as { bool: Record<string, unknown[]> };
      return [
        { index },
        {
          size: 1,
          _source: ['number'],
          query: {
            bool: {
              ...scoped.bool,
              filter: [...(scoped.bool.filter ?? []), { ids: { values: [caseId] } }],
            },
          },
        },
      ];
    });
    const { body: reply } = (await this.search.client.msearch({ body: body as never })) as {
      body: MultiSearchReply;
    };
    const matching: string[] = [];
    let number: string | undefined;
    reply.responses.forEach((response, i) => {
      // A failed search is not "no match": the caller asks again.
      if (response.error)
        throw new Error(`A saved search failed: ${JSON.stringify(response.error)}`);
      const hit = response.hits?.hits[0];
      if (hit) {
        matching.push(queries[i]!.id);
        number ??= hit._source?.number;
      }
    });
    return { matching, ...(number ? { number } : {}) };
  }
}
