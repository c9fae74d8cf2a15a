import { DomainRefusal, type Principal } from '@opencen/contracts';

import {
  aCase,
  analyst,
  investigator,
  officer,
  otherOfficer,
  supervisor,
} from '../testing/cases.fixtures';
import {
  assertMayCreate,
  assertMayEdit,
  assertMayManageTasks,
  mayRead,
  planTransition,
} from './case-workflow';

const at = new Date('2026-03-15T08:00:00Z');

function refusal(run: () => unknown): DomainRefusal['code'] | 'none' {
  try {
    run();
    return 'none';
  } catch (error) {
    if (error instanceof DomainRefusal) return error.code;
    throw error;
  }
}

describe('the case workflow', () => {
  it('goes draft → submitted → validated → closed, and records who, when and why', () => {
    const submit = planTransition(officer, aCase(), 'submit', at, 'ready');
    expect(submit).toEqual({
      transition: 'submit',
      from: 'draft',
      to: 'submitted',
      at: at.toISOString(),
      by: officer.sub,
      comment: 'ready',
    });
    expect(
      planTransition(supervisor, aCase({ status: 'submitted' }), 'validate', at, undefined).to,
    ).toBe('validated');
    expect(
      planTransition(supervisor, aCase({ status: 'validated' }), 'close', at, undefined).to,
    ).toBe('closed');
  });

  it('sends a rejected case back to draft, and a reopened one too', () => {
    expect(
      planTransition(supervisor, aCase({ status: 'submitted' }), 'reject', at, 'no photos').to,
    ).toBe('draft');
    expect(planTransition(supervisor, aCase({ status: 'closed' }), 'reopen', at, 'appeal').to).toBe(
      'draft',
    );
    expect(
      planTransition(supervisor, aCase({ status: 'validated' }), 'reopen', at, 'typo').to,
    ).toBe('draft');
  });

  it.each([
    ['validate', 'draft'],
    ['close', 'submitted'],
    ['submit', 'submitted'],
    ['reject', 'validated'],
    ['reopen', 'draft'],
  ] as const)('refuses to %s a %s case as a conflict', (transition, status) => {
    expect(refusal(() => planTransition(supervisor, aCase({ status }), transition, at, 'x'))).toBe(
      'CONFLICT',
    );
  });

  it('leaves validating, rejecting, closing and reopening to supervisors of the office', () => {
    const submitted = aCase({ status: 'submitted' });
    expect(refusal(() => planTransition(officer, submitted, 'validate', at, undefined))).toBe(
      'FORBIDDEN',
    );
    expect(refusal(() => planTransition(officer, submitted, 'reject', at, 'r'))).toBe('FORBIDDEN');
    const otherSupervisor: Principal = { ...supervisor, office: 'FRA-LEH' };
    expect(
      refusal(() => planTransition(otherSupervisor, submitted, 'validate', at, undefined)),
    ).toBe('FORBIDDEN');
    expect(
      refusal(() => planTransition(officer, aCase({ status: 'closed' }), 'reopen', at, 'r')),
    ).toBe('FORBIDDEN');
  });

  it('lets officers edit and submit only their own office’s drafts', () => {
    expect(refusal(() => assertMayEdit(officer, aCase()))).toBe('none');
    expect(refusal(() => assertMayEdit(otherOfficer, aCase()))).toBe('FORBIDDEN');
    expect(refusal(() => planTransition(otherOfficer, aCase(), 'submit', at, undefined))).toBe(
      'FORBIDDEN',
    );
    expect(refusal(() => assertMayEdit(officer, aCase({ status: 'submitted' })))).toBe('CONFLICT');
  });

  it('lets assigned investigators work on investigations only', () => {
    const investigation = aCase({
      type: 'investigation',
      assignedInvestigators: [investigator.sub],
    });
    expect(refusal(() => assertMayEdit(investigator, investigation))).toBe('none');
    expect(refusal(() => assertMayManageTasks(investigator, investigation))).toBe('none');
    expect(refusal(() => assertMayEdit(investigator, { ...investigation, type: 'seizure' }))).toBe(
      'FORBIDDEN',
    );
    expect(
      refusal(() => assertMayEdit(investigator, { ...investigation, assignedInvestigators: [] })),
    ).toBe('FORBIDDEN');
    expect(refusal(() => assertMayCreate(investigator, 'investigation'))).toBe('none');
    expect(refusal(() => assertMayCreate(investigator, 'seizure'))).toBe('FORBIDDEN');
  });

  it('lets analysts read every case and nobody else read another office’s', () => {
    expect(mayRead(analyst, aCase())).toBe(true);
    expect(mayRead(otherOfficer, aCase())).toBe(false);
    expect(mayRead(officer, aCase())).toBe(true);
    expect(refusal(() => assertMayCreate({ ...officer, office: undefined }, 'seizure'))).toBe(
      'FORBIDDEN',
    );
  });
});
