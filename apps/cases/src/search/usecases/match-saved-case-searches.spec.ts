import { type Principal } from '@opencen/contracts';

import { MatchSavedCaseSearches } from './match-saved-case-searches';
import { type CaseIdFilter, CaseIndex, CaseMatches, type SavedCaseQuery } from './ports';

class Index extends CaseIndex {
  behind = false;
  async caughtUp(): Promise<boolean> {
    return !this.behind;
  }
  async ids(_filter: CaseIdFilter): Promise<string[]> {
    return [];
  }
}

/** Finds the case for every query it is given, and keeps them. */
class Matches extends CaseMatches {
  asked: SavedCaseQuery[] = [];
  async of(_caseId: string, queries: readonly SavedCaseQuery[]) {
    this.asked.push(...queries);
    return { matching: queries.map((query) => query.id), number: 'FRACDG-2026-000001' };
  }
}

const officer: Principal = { sub: 'o', username: 'o', roles: ['officer'], office: 'FRA-CDG' };
const auditor: Principal = { sub: 'a', username: 'a', roles: ['auditor'] };
const context = { correlationId: 'c' };

function setup() {
  const index = new Index();
  const matches = new Matches();
  return { index, matches, match: new MatchSavedCaseSearches(index, matches) };
}

describe('MatchSavedCaseSearches', () => {
  it("runs each search as its owner's scoped query", async () => {
    const { match, matches } = setup();
    const reply = await match.execute({
      caseId: 'c1',
      searches: [{ id: 's1', filter: { commodityCategory: 'TOBACCO' }, principal: officer }],
      context,
    });
    expect(reply).toEqual({ matching: ['s1'], number: 'FRACDG-2026-000001' });
    expect(matches.asked[0]!.query).toMatchObject({
      commodityCategory: 'TOBACCO',
      scope: { all: false, offices: ['FRA-CDG'], classifications: ['restricted'] },
    });
  });

  it('leaves out a search whose owner may read no case, or whose filter the search refuses', async () => {
    const { match, matches } = setup();
    const reply = await match.execute({
      caseId: 'c1',
      searches: [
        { id: 'auditor', filter: {}, principal: auditor },
        {
          id: 'backwards',
          filter: { detectedFrom: '2026-02-01', detectedTo: '2026-01-01' },
          principal: officer,
        },
      ],
      context,
    });
    expect(reply).toEqual({ matching: [] });
    expect(matches.asked).toEqual([]);
  });

  it('is UNAVAILABLE while the index is behind, and FORBIDDEN to a user', async () => {
    const { match, index } = setup();
    const searches = [{ id: 's1', filter: {}, principal: officer }];
    await expect(
      match.execute({ caseId: 'c1', searches, context: { ...context, principal: officer } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    index.behind = true;
    await expect(match.execute({ caseId: 'c1', searches, context })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
    });
  });
});
