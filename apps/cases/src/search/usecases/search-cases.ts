import { Injectable } from '@nestjs/common';
import { type HandlerReplyOf, type HandlerRequestOf, type searchCases } from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { type CaseOrder, decodeCursor, encodeCursor } from '../domain/case-query';
import { CaseSearchStore } from './ports';
import { scopedQuery } from './search-scope';

export type SearchCasesCommand = HandlerRequestOf<typeof searchCases> & {
  readonly context: RequestContext;
};

/**
 * A page of the cases the principal may read that match the filter, in the order asked, with the
 * exact total that match and, when asked, the counts by each filter dimension. The cursor holds the last case's sort key and id, so pages neither overlap nor
 * skip a case, even when cases are added between them.
 */
@Injectable()
export class SearchCases {
  constructor(private readonly store: CaseSearchStore) {}

  async execute(command: SearchCasesCommand): Promise<HandlerReplyOf<typeof searchCases>> {
    const { sort, order: direction, limit, cursor, facets, context, ...filter } = command;
    const query = scopedQuery(filter, context);
    const order: CaseOrder = { field: sort, direction };
    const after = cursor === undefined ? undefined : decodeCursor(cursor, order);
    // One more than asked tells whether there is a next page.
    const found = await this.store.search(query, order, limit + 1, after, { facets });
    const page = found.found.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((item) => item.summary),
      total: found.total,
      ...(found.found.length > limit && last
        ? { nextCursor: encodeCursor(order, last.position) }
        : {}),
      ...(found.facets ? { facets: found.facets } : {}),
    };
  }
}
