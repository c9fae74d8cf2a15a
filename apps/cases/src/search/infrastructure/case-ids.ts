import { type SearchService } from '@opencen/nest-kit';

import { CASE_SEARCH_INDEX } from './case-search.index';

/** Ids read per request while paging. */
const PAGE = 1000;

/**
 * The ids of the cases the filter clauses match, in id order, after `after` when given, up to
 * `limit` (every one when absent): what lists of cases read from the index before reading each
 * case from the store by `_id`.
 */
export async function caseIdsWhere(
  search: SearchService,
  filter: readonly Record<string, unknown>[],
  options: { readonly after?: string; readonly limit?: number } = {},
): Promise<string[]> {
  const ids: string[] = [];
  let after = options.after;
  for (;;) {
    const size = Math.min(PAGE, (options.limit ?? Infinity) - ids.length);
    if (size <= 0) return ids;
    const { hits } = await search.query(CASE_SEARCH_INDEX, {
      query: { bool: { filter } },
      sort: [{ id: { order: 'asc' } }],
      size,
      _source: false,
      ...(after ? { search_after: [after] } : {}),
    });
    ids.push(...hits.map((hit) => hit._id));
    if (hits.length < size) return ids;
    after = hits.at(-1)!._id;
  }
}
