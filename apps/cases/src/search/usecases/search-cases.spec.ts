import { type CaseSummary, type Principal } from '@opencen/contracts';

import { contextOf } from '../../cases/testing/case-ports.fakes';
import { analyst, officer } from '../../cases/testing/cases.fixtures';
import { type CaseOrder, type CasePosition, type CaseQuery } from '../domain/case-query';
import { type CasePage, CaseSearchStore, type FoundCase, type StatisticsSum } from './ports';
import { SearchCases } from './search-cases';

/** Cases of two offices, numbered in id order; pages by number. */
class InMemorySearchStore extends CaseSearchStore {
  readonly queries: CaseQuery[] = [];
  constructor(private readonly summaries: CaseSummary[]) {
    super();
  }
  private matching(query: CaseQuery): CaseSummary[] {
    this.queries.push(query);
    const { scope } = query;
    return this.summaries.filter(
      (s) =>
        (scope.all || scope.offices.includes(s.office)) &&
        (query.office === undefined || s.office === query.office),
    );
  }
  async search(
    query: CaseQuery,
    order: CaseOrder,
    limit: number,
    after?: CasePosition,
  ): Promise<CasePage> {
    const sorted = this.matching(query).sort((a, b) => a.number.localeCompare(b.number));
    if (order.direction === 'desc') sorted.reverse();
    const start = after ? sorted.findIndex((s) => s.id === after.id) + 1 : 0;
    const found: FoundCase[] = sorted.slice(start, start + limit).map((summary) => ({
      summary,
      position: { value: summary.number, id: summary.id },
    }));
    return { found, total: sorted.length };
  }
  async photos(): Promise<{ found: []; total: number }> {
    return { found: [], total: 0 };
  }
  async statistics(): Promise<{ cases: number; sums: StatisticsSum[] }> {
    return { cases: 0, sums: [] };
  }
}

const summary = (n: number, office: string): CaseSummary => ({
  id: `case-${n}`,
  number: `FRACDG-2026-${String(n).padStart(6, '0')}`,
  type: 'seizure',
  status: 'draft',
  office,
  updatedAt: '2026-03-14T08:30:00.000Z',
  commodityCategories: [],
  routeCountries: [],
  itemCount: 0,
  partyCount: 0,
});

describe('SearchCases', () => {
  const store = new InMemorySearchStore(
    Array.from({ length: 7 }, (_, i) => summary(i + 1, i % 2 === 0 ? 'FRA-CDG' : 'FRA-LEH')),
  );
  const search = new SearchCases(store);
  const run = (principal: Principal | undefined, extra: Record<string, unknown> = {}) =>
    search.execute({
      sort: 'number',
      order: 'asc',
      limit: 2,
      facets: false,
      ...extra,
      context: contextOf(principal),
    });

  it("pages through the office's cases with the total, without overlap or gap", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await run(officer, cursor ? { cursor } : {});
      expect(page.total).toBe(4);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['case-1', 'case-3', 'case-5', 'case-7']);
  });

  it('gives analysts every office, and no next cursor on the last page', async () => {
    const page = await run(analyst, { limit: 10 });
    expect(page.total).toBe(7);
    expect(page.items).toHaveLength(7);
    expect(page.nextCursor).toBeUndefined();
  });

  it('refuses a principal who may read no case, and an unauthenticated caller', async () => {
    const admin: Principal = { sub: 'admin-sub', username: 'admin', roles: ['admin'] };
    await expect(run(admin)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(run(undefined)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses a cursor of another sort as VALIDATION_FAILED naming the cursor', async () => {
    const first = await run(officer);
    await expect(run(officer, { cursor: first.nextCursor, order: 'desc' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'cursor' })],
    });
  });

  it('refuses a text without an indexed word, naming text, before reading anything', async () => {
    const before = store.queries.length;
    await expect(run(officer, { text: 'of a' })).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'text' })],
    });
    expect(store.queries).toHaveLength(before);
  });
});
