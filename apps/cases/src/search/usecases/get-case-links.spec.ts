import { type CaseSummary } from '@opencen/contracts';

import { contextOf } from '../../cases/testing/case-ports.fakes';
import { analyst, officer } from '../../cases/testing/cases.fixtures';
import { type CaseQuery } from '../domain/case-query';
import { GetCaseLinks, subjectOfKey } from './get-case-links';
import { CaseLinksStore, type LinkedCase } from './ports';

/** Cases and the subject keys they name; each query answers the newest first (by number here). */
class InMemoryLinksStore extends CaseLinksStore {
  readonly asked: { subjectKeys: readonly string[]; except: readonly string[] }[] = [];
  constructor(private readonly cases: LinkedCase[]) {
    super();
  }
  async naming(
    query: CaseQuery,
    subjectKeys: readonly string[],
    except: readonly string[],
    limit: number,
  ): Promise<{ found: LinkedCase[]; total: number }> {
    this.asked.push({ subjectKeys, except });
    const matching = this.cases.filter(
      ({ summary, subjectKeys: named }) =>
        (query.scope.all || query.scope.offices.includes(summary.office)) &&
        !except.includes(summary.id) &&
        named.some((key) => subjectKeys.includes(key)),
    );
    return { found: matching.slice(0, limit), total: matching.length };
  }
}

const linked = (n: number, subjectKeys: string[], office = 'FRA-CDG'): LinkedCase => ({
  summary: {
    id: `case-${n}`,
    number: `FRACDG-2026-${String(n).padStart(6, '0')}`,
    type: 'seizure',
    status: 'validated',
    office,
    detectedAt: '2026-03-14T08:30:00.000Z',
    updatedAt: '2026-03-14T08:30:00.000Z',
    commodityCategories: [],
    routeCountries: [],
    itemCount: 1,
    partyCount: subjectKeys.length,
  } satisfies CaseSummary,
  subjectKeys,
});

// p1 and c1 in case 1; p1 and v1 in case 2; c1 and p2 in case 3; p2 and p3 in case 4 (three hops
// from p1); case 5 of another office names p1.
const CASES = [
  linked(1, ['person:p1', 'company:c1']),
  linked(2, ['person:p1', 'conveyance:v1']),
  linked(3, ['company:c1', 'person:p2']),
  linked(4, ['person:p2', 'person:p3']),
  linked(5, ['person:p1', 'person:p9'], 'FRA-LEH'),
];

describe('GetCaseLinks', () => {
  const run = (store: CaseLinksStore, extra: { depth?: number; casesPerHop?: number } = {}) =>
    new GetCaseLinks(store).execute({
      subject: { subjectType: 'person', subjectId: 'p1' },
      depth: 2,
      casesPerHop: 25,
      ...extra,
      context: contextOf(officer),
    });

  it('brings the cases of the subject, their subjects, and two hops out theirs', async () => {
    const links = await run(new InMemoryLinksStore(CASES));
    expect(links.cases.map(({ id, hop }) => [id, hop])).toEqual([
      ['case-1', 1],
      ['case-2', 1],
      ['case-3', 2],
    ]);
    expect(
      links.subjects.map(({ subjectType, subjectId, hop }) => [subjectType, subjectId, hop]),
    ).toEqual([
      ['person', 'p1', 0],
      ['company', 'c1', 1],
      ['conveyance', 'v1', 1],
      ['person', 'p2', 2],
    ]);
    expect(links.links).toContainEqual({
      caseId: 'case-3',
      subjectType: 'company',
      subjectId: 'c1',
    });
    expect(links.links).toHaveLength(6);
    expect(links.truncated).toBe(false);
  });

  it('stops at depth 1 and asks the second hop for new subjects only, without the cases it has', async () => {
    const one = await run(new InMemoryLinksStore(CASES), { depth: 1 });
    expect(one.cases.map(({ id }) => id)).toEqual(['case-1', 'case-2']);
    expect(one.subjects).toHaveLength(3);

    const store = new InMemoryLinksStore(CASES);
    await run(store);
    expect(store.asked[1]).toEqual({
      subjectKeys: ['company:c1', 'conveyance:v1'],
      except: ['case-1', 'case-2'],
    });
  });

  it('keeps to the cases the principal may read', async () => {
    const officerLinks = await run(new InMemoryLinksStore(CASES));
    expect(officerLinks.cases.map(({ id }) => id)).not.toContain('case-5');
    const analystLinks = await new GetCaseLinks(new InMemoryLinksStore(CASES)).execute({
      subject: { subjectType: 'person', subjectId: 'p1' },
      depth: 1,
      casesPerHop: 25,
      context: contextOf(analyst),
    });
    expect(analystLinks.cases.map(({ id }) => id)).toContain('case-5');
  });

  it('says when a hop had more cases than it brings', async () => {
    const links = await run(new InMemoryLinksStore(CASES), { casesPerHop: 1 });
    expect(links.cases.map(({ id }) => id)).toEqual(['case-1', 'case-3']);
    expect(links.truncated).toBe(true);
  });

  it('refuses a principal who may read no case', async () => {
    await expect(
      new GetCaseLinks(new InMemoryLinksStore(CASES)).execute({
        subject: { subjectType: 'person', subjectId: 'p1' },
        depth: 1,
        casesPerHop: 25,
        context: contextOf({ sub: 'admin-sub', username: 'admin', roles: ['admin'] }),
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('reads a subject key whose id holds a colon', () => {
    expect(subjectOfKey('company:urn:x:1')).toEqual({
      subjectType: 'company',
      subjectId: 'urn:x:1',
    });
  });
});
