import { type Case, type CloudEvent, type Principal } from '@opencen/contracts';
import { FixedClock } from '@opencen/testing';

import { InMemoryCases } from '../../cases/testing/case-ports.fakes';
import { aCase } from '../../cases/testing/cases.fixtures';
import { InMemoryCaseIndex } from '../../search/testing/case-index.fakes';
import { CaseExportPage } from './case-export-page';
import { type ExportRecords, type StoredExport, type SubjectFactsSource } from './ports';

const liaison: Principal = { sub: 'liaison-sub', username: 'liaison', roles: ['liaison'] };

function setUp(stored: Case[]) {
  const record: StoredExport = {
    id: 'export-1',
    format: 'json',
    filter: {},
    status: 'running',
    by: liaison.sub,
    at: '2026-05-01T00:00:00.000Z',
    caseIds: [],
    pages: 0,
  };
  const pages: { caseIds: string[]; last: boolean; event: CloudEvent }[] = [];
  const records = {
    insert: jest.fn(),
    find: jest.fn(async () => ({ ...record, pages: pages.length })),
    addPage: jest.fn(
      async (
        _id: string,
        before: number,
        caseIds: string[],
        last: boolean,
        _at: Date,
        event: CloudEvent,
      ) => {
        if (before !== pages.length) return false;
        pages.push({ caseIds, last, event });
        return true;
      },
    ),
  } satisfies ExportRecords;
  const cases = new InMemoryCases(stored);
  const person = jest.fn(async () => ({ gender: 'female' as const, nationalities: ['CO'] }));
  const facts = {
    person,
    company: jest.fn(async () => null),
    conveyance: jest.fn(async () => null),
  } satisfies SubjectFactsSource;
  const index = new InMemoryCaseIndex(cases);
  const usecase = new CaseExportPage(
    records,
    index,
    cases,
    facts,
    new FixedClock(new Date('2026-05-01T10:00:00Z')),
  );
  return { usecase, pages, person, index, cases };
}

const context = (principal: Principal) => ({ correlationId: 'c-1', principal });

describe('CaseExportPage', () => {
  const stored = ['a', 'b', 'c'].map((id) =>
    aCase({
      id,
      status: 'validated',
      parties: [{ subjectType: 'person', subjectId: 'p-1', role: 'offender', arrested: false }],
    }),
  );

  it('serves pages after the cursor and records each with its event, the last marked', async () => {
    const { usecase, pages, person } = setUp(stored);
    const first = await usecase.execute({
      exportId: 'export-1',
      limit: 2,
      context: context(liaison),
    });
    expect(first.cases.map((c) => c.persons[0]?.nationality)).toEqual(['CO', 'CO']);
    expect(first.nextCursor).toBe('b');
    // Asked once per subject per page, not once per case.
    expect(person).toHaveBeenCalledTimes(1);
    const second = await usecase.execute({
      exportId: 'export-1',
      cursor: 'b',
      limit: 2,
      context: context(liaison),
    });
    expect(second.nextCursor).toBeUndefined();
    expect(pages.map((p) => [p.caseIds, p.last, p.event.type])).toEqual([
      [['a', 'b'], false, 'cases.export.recorded.v1'],
      [['c'], true, 'cases.export.recorded.v1'],
    ]);
  });

  it('leaves out what the store no longer holds as exportable, and waits for a lagging index', async () => {
    const { usecase, pages, index, cases } = setUp(stored);
    // The index still lists b as validated; the store has it reopened.
    cases.get('b').kase = { ...cases.get('b').kase, status: 'draft' };
    const statuses = index.ids.bind(index);
    index.ids = (filter, page) => statuses({ ...filter, statuses: undefined }, page);
    const page = await usecase.execute({
      exportId: 'export-1',
      limit: 5,
      context: context(liaison),
    });
    expect(page.cases).toHaveLength(2);
    expect(pages[0]?.caseIds).toEqual(['a', 'c']);

    index.behind = true;
    await expect(
      usecase.execute({ exportId: 'export-1', limit: 5, context: context(liaison) }),
    ).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(pages).toHaveLength(1);
  });

  it('leaves out the cases above the exporter’s clearance, as the index and as the store say', async () => {
    const classified = [
      ...stored,
      aCase({ id: 'd', status: 'validated', classification: 'confidential' }),
    ];
    const { usecase, pages } = setUp(classified);
    const page = await usecase.execute({
      exportId: 'export-1',
      limit: 10,
      context: context(liaison),
    });
    expect(page.cases).toHaveLength(3);
    expect(pages[0]?.caseIds).toEqual(['a', 'b', 'c']);

    // An index that lags a reclassification: the store's classification decides.
    const lagging = setUp(classified);
    lagging.cases.get('b').kase = { ...lagging.cases.get('b').kase, classification: 'secret' };
    const ids = lagging.index.ids.bind(lagging.index);
    lagging.index.ids = (filter, next) => ids({ ...filter, classifications: undefined }, next);
    const cleared = await lagging.usecase.execute({
      exportId: 'export-1',
      limit: 10,
      context: context({ ...liaison, clearance: 'confidential' }),
    });
    expect(lagging.pages[0]?.caseIds).toEqual(['a', 'c', 'd']);
    expect(cleared.cases).toHaveLength(3);
  });

  it('is NOT_FOUND for anyone but who started it, and FORBIDDEN without the role', async () => {
    const { usecase, pages } = setUp(stored);
    await expect(
      usecase.execute({
        exportId: 'export-1',
        limit: 2,
        context: context({ ...liaison, sub: 'other' }),
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      usecase.execute({
        exportId: 'export-1',
        limit: 2,
        context: context({ ...liaison, roles: ['officer'] }),
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(pages).toEqual([]);
  });
});
