import { Injectable, Logger } from '@nestjs/common';
import {
  CASE_SEARCHABLE_WITHIN_MS,
  DomainRefusal,
  type HandlerReplyOf,
  type HandlerRequestOf,
  type matchSavedCaseSearches,
} from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';

import { CaseIndex, CaseMatches, type SavedCaseQuery } from './ports';
import { scopedQuery } from './search-scope';

export type MatchSavedCaseSearchesCommand = HandlerRequestOf<typeof matchSavedCaseSearches> & {
  readonly context: RequestContext;
};

/**
 * Which saved case searches (the notifications service's analytic rules) find one case. Each
 * filter becomes the query the case search would run for its owner (scopedQuery: the owner's read
 * scope, clearance included), restricted to that case, and all of them go to the index in one
 * multi-search. Why not OpenSearch's percolator: the distribution we run locally has no
 * percolator module, and its stored queries would have to carry each owner's access filter,
 * which changes with their roles, office and clearance; here the access filter is the one of the
 * owner's principal sent with the request, as it is now.
 */
@Injectable()
export class MatchSavedCaseSearches {
  private readonly logger = new Logger(MatchSavedCaseSearches.name);

  constructor(
    private readonly index: CaseIndex,
    private readonly matches: CaseMatches,
  ) {}

  async execute(
    command: MatchSavedCaseSearchesCommand,
  ): Promise<HandlerReplyOf<typeof matchSavedCaseSearches>> {
    if (command.context.principal) {
      throw ServiceError.forbidden('Saved searches are matched for services only, not for users');
    }
    // The case as its event says it is: every event published before the request is indexed.
    if (!(await this.index.caughtUp(CASE_SEARCHABLE_WITHIN_MS))) {
      throw new ServiceError(
        'UNAVAILABLE',
        'The cases index is behind the latest changes; ask again in a few seconds',
      );
    }
    const queries: SavedCaseQuery[] = [];
    for (const search of command.searches) {
      try {
        queries.push({
          id: search.id,
          query: scopedQuery(search.filter, {
            correlationId: command.context.correlationId,
            principal: search.principal,
          }),
        });
      } catch (error) {
        // An owner who may read no case (no reading role any more), or a filter the search
        // refuses (a range that ends before it starts): that search finds nothing.
        if (!(error instanceof ServiceError) && !(error instanceof DomainRefusal)) throw error;
        this.logger.debug({ search: search.id }, 'Saved search that finds no case');
      }
    }
    if (queries.length === 0) return { matching: [] };
    return this.matches.of(command.caseId, queries);
  }
}
