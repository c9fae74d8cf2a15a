import { type CaseStatus, type Principal } from '@opencen/contracts';

import { InMemoryCases, NOW, contextOf } from '../testing/case-ports.fakes';
import {
  aCase,
  analyst,
  investigator,
  officer,
  otherOfficer,
  supervisor,
} from '../testing/cases.fixtures';
import { CaseHistory, GetCase } from './get-case';

const liaison: Principal = { sub: 'liaison-sub', username: 'liaison', roles: ['liaison'] };
const statuses: CaseStatus[] = ['draft', 'submitted', 'validated', 'closed'];

describe('GetCase', () => {
  const cases = new InMemoryCases(
    statuses.map((status, i) =>
      aCase({ id: `case-${status}`, number: `FRACDG-2026-00000${i + 1}`, status }),
    ),
  );
  const getCase = new GetCase(cases);
  const get = (id: string, principal?: Principal) =>
    getCase.execute({ id, context: contextOf(principal) });

  it('gives the office its case, by id or by number', async () => {
    await expect(get('case-draft', officer)).resolves.toMatchObject({ id: 'case-draft' });
    await expect(get('FRACDG-2026-000002', supervisor)).resolves.toMatchObject({
      id: 'case-submitted',
    });
  });

  it("says NOT_FOUND to another office's officer, as for a case that does not exist", async () => {
    for (const status of statuses) {
      await expect(get(`case-${status}`, otherOfficer)).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    }
    await expect(get('FRACDG-2026-000001', otherOfficer)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(get('nothing', officer)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lets an analyst read every case', async () => {
    for (const status of statuses) {
      await expect(get(`case-${status}`, analyst)).resolves.toMatchObject({ status });
    }
  });

  it('says NOT_FOUND for a case above the caller’s clearance, whatever their role', async () => {
    const classified = new GetCase(
      new InMemoryCases([
        aCase({ id: 'confidential', classification: 'confidential' }),
        aCase({ id: 'secret', number: 'FRACDG-2026-000009', classification: 'secret' }),
      ]),
    );
    const read = (id: string, principal: Principal) =>
      classified.execute({ id, context: contextOf(principal) });
    await expect(read('confidential', officer)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(read('confidential', analyst)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const confidential = { ...supervisor, clearance: 'confidential' as const };
    await expect(read('confidential', confidential)).resolves.toMatchObject({
      id: 'confidential',
    });
    await expect(read('secret', confidential)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(read('FRACDG-2026-000009', confidential)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(read('secret', { ...analyst, clearance: 'secret' })).resolves.toMatchObject({
      id: 'secret',
    });
  });

  it('lets a liaison officer read validated and closed cases only', async () => {
    await expect(get('case-validated', liaison)).resolves.toMatchObject({ status: 'validated' });
    await expect(get('case-closed', liaison)).resolves.toMatchObject({ status: 'closed' });
    await expect(get('case-draft', liaison)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(get('case-submitted', liaison)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lets an investigator of another office read the cases assigned to them only', async () => {
    const assigned = new InMemoryCases([
      aCase({ id: 'mine', assignedInvestigators: [investigator.sub] }),
      aCase({ id: 'not-mine', number: 'FRACDG-2026-000009' }),
    ]);
    const getAssigned = new GetCase(assigned);
    await expect(
      getAssigned.execute({ id: 'mine', context: contextOf(investigator) }),
    ).resolves.toMatchObject({ id: 'mine' });
    await expect(
      getAssigned.execute({ id: 'not-mine', context: contextOf(investigator) }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('says UNAUTHENTICATED without a principal', async () => {
    await expect(get('case-draft')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('CaseHistory', () => {
  it('lists the changes oldest first, with who, when, fields and comment', async () => {
    const cases = new InMemoryCases([aCase()]);
    cases.get('case-1').history.push(
      { version: 1, at: NOW, by: officer.sub, change: 'created', fields: ['items'] },
      {
        version: 2,
        at: NOW,
        by: officer.sub,
        change: 'submit',
        fields: ['status'],
        comment: 'ready',
      },
    );
    const history = new CaseHistory(cases);
    await expect(
      history.execute({ id: 'FRACDG-2026-000001', context: contextOf(officer) }),
    ).resolves.toEqual({
      changes: [
        {
          version: 1,
          at: NOW.toISOString(),
          by: officer.sub,
          change: 'created',
          fields: ['items'],
        },
        {
          version: 2,
          at: NOW.toISOString(),
          by: officer.sub,
          change: 'submit',
          fields: ['status'],
          comment: 'ready',
        },
      ],
    });
    await expect(
      history.execute({ id: 'case-1', context: contextOf(otherOfficer) }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
