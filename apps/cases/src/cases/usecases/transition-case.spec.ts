import {
  type Case,
  type CaseTransition,
  type Principal,
  caseClosed,
  caseRejected,
  caseReopened,
  caseSubmitted,
  caseValidated,
  parseEvent,
} from '@opencen/contracts';
import { FixedClock } from '@opencen/testing';

import { InMemoryCases, NOW, contextOf } from '../testing/case-ports.fakes';
import {
  aCase,
  aCompleteDraft,
  analyst,
  investigator,
  officer,
  otherOfficer,
  supervisor,
} from '../testing/cases.fixtures';
import { TransitionCase } from './transition-case';

const liaison: Principal = { sub: 'liaison-sub', username: 'liaison', roles: ['liaison'] };
const supervisorElsewhere: Principal = { ...supervisor, sub: 'sup2-sub', office: 'FRA-LEH' };

describe('TransitionCase', () => {
  let cases: InMemoryCases;
  let transitionCase: TransitionCase;

  const run = (
    transition: Exclude<CaseTransition, 'assign'>,
    principal: Principal,
    version: number,
    comment?: string,
  ) =>
    transitionCase.execute({
      transition,
      id: 'case-1',
      version,
      ...(comment === undefined ? {} : { comment }),
      context: contextOf(principal),
    });

  function start(kase: Case = aCase()) {
    cases = new InMemoryCases([kase]);
    transitionCase = new TransitionCase(cases, new FixedClock(NOW));
  }

  beforeEach(() => start());

  it('runs draft → submitted → rejected → submitted → validated → closed → reopened, each step recorded with its event', async () => {
    await run('submit', officer, 1, 'ready');
    await run('reject', supervisor, 2, 'add the value of the goods');
    const rejected = cases.get('case-1').kase;
    expect(rejected).toMatchObject({
      status: 'draft',
      rejection: {
        reason: 'add the value of the goods',
        by: supervisor.sub,
        at: NOW.toISOString(),
      },
    });
    const resubmitted = await run('submit', officer, 3);
    expect(resubmitted.rejection).toBeUndefined();
    await run('validate', supervisor, 4);
    await run('close', supervisor, 5, 'court decision');
    const reopened = await run('reopen', supervisor, 6, 'new evidence');
    expect(reopened).toMatchObject({ status: 'draft', version: 7 });
    expect(reopened.workflow.map((s) => [s.transition, s.from, s.to, s.by])).toEqual([
      ['submit', 'draft', 'submitted', officer.sub],
      ['reject', 'submitted', 'draft', supervisor.sub],
      ['submit', 'draft', 'submitted', officer.sub],
      ['validate', 'submitted', 'validated', supervisor.sub],
      ['close', 'validated', 'closed', supervisor.sub],
      ['reopen', 'closed', 'draft', supervisor.sub],
    ]);
    expect(cases.get('case-1').history.map((h) => [h.change, h.version, h.comment])).toEqual([
      ['submit', 2, 'ready'],
      ['reject', 3, 'add the value of the goods'],
      ['submit', 4, undefined],
      ['validate', 5, undefined],
      ['close', 6, 'court decision'],
      ['reopen', 7, 'new evidence'],
    ]);
    const contracts = [
      caseSubmitted,
      caseRejected,
      caseSubmitted,
      caseValidated,
      caseClosed,
      caseReopened,
    ];
    const events = cases.events.map((event, i) => parseEvent(contracts[i]!, event));
    expect(events.map((e) => [e.data.from, e.data.status, e.data.version, e.actor])).toEqual([
      ['draft', 'submitted', 2, officer.sub],
      ['submitted', 'draft', 3, supervisor.sub],
      ['draft', 'submitted', 4, officer.sub],
      ['submitted', 'validated', 5, supervisor.sub],
      ['validated', 'closed', 6, supervisor.sub],
      ['closed', 'draft', 7, supervisor.sub],
    ]);
    // Comments and reasons are free text: they stay in the case, never in events.
    const published = JSON.stringify(cases.events);
    for (const text of ['ready', 'add the value', 'court decision', 'new evidence']) {
      expect(published).not.toContain(text);
    }
  });

  it('refuses a submission without the mandatory minimum, naming every missing field, and changes nothing', async () => {
    start(
      aCase({
        ...aCompleteDraft({ detectionMethods: [], route: { transitCountries: [] } }),
        detectedAt: undefined,
      }),
    );
    await expect(run('submit', officer, 1)).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        expect.objectContaining({ path: 'draft.detectedAt', code: 'required_for_submission' }),
        expect.objectContaining({ path: 'draft.detectionMethods' }),
        expect.objectContaining({ path: 'draft.route' }),
      ],
    });
    expect(cases.get('case-1').kase).toMatchObject({ status: 'draft', version: 1 });
    expect(cases.events).toHaveLength(0);
  });

  it('keeps validate, reject, close and reopen to the supervisors of the office', async () => {
    start(aCase({ status: 'submitted', version: 2 }));
    for (const principal of [officer, analyst]) {
      await expect(run('validate', principal, 2)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(run('reject', principal, 2, 'no')).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    }
    // A supervisor of another office does not even see the case.
    await expect(run('validate', supervisorElsewhere, 2)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    start(aCase({ status: 'validated', version: 3 }));
    await expect(run('close', liaison, 3)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(run('reopen', officer, 3, 'why')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(cases.events).toHaveLength(0);
  });

  it("hides a case from another office's officer and from a liaison officer before validation", async () => {
    await expect(run('submit', otherOfficer, 1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(run('submit', liaison, 1)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lets an assigned investigator submit an investigation, not a seizure', async () => {
    start(aCase({ type: 'investigation', assignedInvestigators: [investigator.sub] }));
    await expect(run('submit', investigator, 1)).resolves.toMatchObject({ status: 'submitted' });
    start(aCase({ assignedInvestigators: [investigator.sub] }));
    await expect(run('submit', investigator, 1)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('says CONFLICT naming status for a transition its status does not allow', async () => {
    await expect(run('validate', supervisor, 1)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'status', code: 'wrong_status' })],
    });
    await expect(run('reopen', supervisor, 1, 'x')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(cases.events).toHaveLength(0);
  });

  it('says CONFLICT naming version for a stale version, and changes nothing', async () => {
    await expect(run('submit', officer, 7)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'version', code: 'stale_version' })],
    });
    expect(cases.get('case-1').kase.status).toBe('draft');
  });
});
