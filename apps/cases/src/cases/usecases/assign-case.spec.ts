import { caseAssigned, parseEvent } from '@opencen/contracts';
import { FixedClock } from '@opencen/testing';

import { InMemoryCases, contextOf, NOW } from '../testing/case-ports.fakes';
import { aCase, investigator, officer, otherOfficer, supervisor } from '../testing/cases.fixtures';
import { AssignCase } from './assign-case';
import { GetCase } from './get-case';

describe('AssignCase', () => {
  let cases: InMemoryCases;
  let assignCase: AssignCase;

  beforeEach(() => {
    cases = new InMemoryCases([aCase({ type: 'investigation', status: 'submitted', version: 2 })]);
    assignCase = new AssignCase(cases, new FixedClock(NOW));
  });

  it('sets the investigators once each, as a workflow step with its event', async () => {
    const next = await assignCase.execute({
      id: 'case-1',
      version: 2,
      investigators: [investigator.sub, 'inv-2', investigator.sub],
      comment: 'urgent',
      context: contextOf(supervisor),
    });
    expect(next).toMatchObject({
      version: 3,
      status: 'submitted',
      assignedInvestigators: [investigator.sub, 'inv-2'],
    });
    expect(next.workflow).toEqual([
      expect.objectContaining({
        transition: 'assign',
        from: 'submitted',
        to: 'submitted',
        by: supervisor.sub,
        comment: 'urgent',
      }),
    ]);
    expect(cases.get('case-1').history).toEqual([
      expect.objectContaining({ change: 'assign', fields: ['assignedInvestigators'], version: 3 }),
    ]);
    expect(parseEvent(caseAssigned, cases.events[0]).data).toMatchObject({
      from: 'submitted',
      status: 'submitted',
      investigators: [investigator.sub, 'inv-2'],
    });
    expect(JSON.stringify(cases.events)).not.toContain('urgent');
  });

  it('lets the assigned investigator of another office read the case', async () => {
    const getCase = new GetCase(cases);
    await expect(
      getCase.execute({ id: 'case-1', context: contextOf(investigator) }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await assignCase.execute({
      id: 'case-1',
      version: 2,
      investigators: [investigator.sub],
      context: contextOf(supervisor),
    });
    await expect(
      getCase.execute({ id: 'case-1', context: contextOf(investigator) }),
    ).resolves.toMatchObject({ id: 'case-1' });
  });

  it('refuses officers (FORBIDDEN) and hides the case from other offices (NOT_FOUND)', async () => {
    await expect(
      assignCase.execute({
        id: 'case-1',
        version: 2,
        investigators: [],
        context: contextOf(officer),
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      assignCase.execute({
        id: 'case-1',
        version: 2,
        investigators: [],
        context: contextOf({ ...otherOfficer, roles: ['supervisor'] }),
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(cases.events).toHaveLength(0);
  });

  it('says CONFLICT naming version for a stale version', async () => {
    await expect(
      assignCase.execute({
        id: 'case-1',
        version: 1,
        investigators: [investigator.sub],
        context: contextOf(supervisor),
      }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'version' })],
    });
    expect(cases.get('case-1').kase.assignedInvestigators).toEqual([]);
  });
});
