import {
  type Case,
  type CaseStatus,
  type CaseTransition,
  type CaseWorkflowStep,
  type Classification,
  type Principal,
  DomainRefusal,
  holdsPolicy,
  readableClassifications,
} from '@opencen/contracts';

/**
 * Who may do what with a case, and which transitions each status allows:
 *
 *   draft --submit--> submitted --validate--> validated --close--> closed
 *   submitted --reject (reason)--> draft;  validated | closed --reopen--> draft
 *
 * Officers and supervisors of the owning office create and edit its cases (drafts only) and
 * submit them; assigned investigators do the same on investigations. Supervisors of the owning
 * office validate, reject, close, reopen and assign. Analysts read every case; `admin` manages
 * the system, not its records.
 */
export const TRANSITIONS: Record<
  Exclude<CaseTransition, 'assign'>,
  { from: readonly CaseStatus[]; to: CaseStatus; supervisorOnly: boolean }
> = {
  submit: { from: ['draft'], to: 'submitted', supervisorOnly: false },
  validate: { from: ['submitted'], to: 'validated', supervisorOnly: true },
  reject: { from: ['submitted'], to: 'draft', supervisorOnly: true },
  close: { from: ['validated'], to: 'closed', supervisorOnly: true },
  reopen: { from: ['validated', 'closed'], to: 'draft', supervisorOnly: true },
};

type CaseAccess = Pick<
  Case,
  'id' | 'office' | 'type' | 'assignedInvestigators' | 'status' | 'classification'
>;

const has = (principal: Principal, role: Principal['roles'][number]) =>
  principal.roles.includes(role);

/** Officers, supervisors and investigators with an office create cases, in that office. */
export function assertMayCreate(
  principal: Principal,
  type: Case['type'],
): asserts principal is Principal & { office: string } {
  const writer = has(principal, 'officer') || has(principal, 'supervisor');
  const investigator = has(principal, 'investigator') && type === 'investigation';
  if (!writer && !investigator) {
    throw DomainRefusal.forbidden(
      type === 'investigation'
        ? 'Recording an investigation needs the officer, supervisor or investigator role'
        : 'Recording a case needs the officer or supervisor role',
    );
  }
  if (!principal.office) {
    throw DomainRefusal.forbidden('Recording a case needs a principal attached to an office');
  }
}

function isOfficeWriter(principal: Principal, kase: CaseAccess): boolean {
  return (
    (has(principal, 'officer') || has(principal, 'supervisor')) && principal.office === kase.office
  );
}

function isAssignedInvestigator(principal: Principal, kase: CaseAccess): boolean {
  return has(principal, 'investigator') && kase.assignedInvestigators.includes(principal.sub);
}

export function isOfficeSupervisor(principal: Principal, kase: CaseAccess): boolean {
  return holdsPolicy(principal, 'caseSupervisors') && principal.office === kase.office;
}

/**
 * The cases a principal may read, as data: `mayRead` tests one case against it and search turns it
 * into a query, so both follow the same rules. A case is readable when its classification is
 * within the principal's clearance and any other part admits it.
 */
export type CaseReadScope = {
  /** The classifications within the principal's clearance (contracts' readableClassifications). */
  readonly classifications: readonly Classification[];
} & (
  | { readonly all: true }
  | {
      readonly all: false;
      /** Cases of these offices (officers, supervisors and investigators of the office). */
      readonly offices: readonly string[];
      /** Cases this investigator (Keycloak sub) is assigned to. */
      readonly assignedTo?: string;
      /** Cases in these statuses, whatever the office (liaison: validated and closed). */
      readonly statuses: readonly CaseStatus[];
    }
);

/**
 * Who may read a case: its office, its investigators, analysts; liaison officers once validated;
 * each only up to their clearance.
 */
export function caseReadScope(principal: Principal): CaseReadScope {
  const classifications = readableClassifications(principal);
  if (has(principal, 'analyst')) return { classifications, all: true };
  return {
    classifications,
    all: false,
    // Whoever works on cases reads those of their office.
    offices: principal.office && holdsPolicy(principal, 'caseWriters') ? [principal.office] : [],
    ...(has(principal, 'investigator') ? { assignedTo: principal.sub } : {}),
    statuses: has(principal, 'liaison') ? ['validated', 'closed'] : [],
  };
}

export function mayRead(principal: Principal, kase: CaseAccess): boolean {
  const scope = caseReadScope(principal);
  if (!scope.classifications.includes(kase.classification as Classification)) return false;
  return (
    scope.all ||
    scope.offices.includes(kase.office) ||
    (scope.assignedTo !== undefined && kase.assignedInvestigators.includes(scope.assignedTo)) ||
    scope.statuses.includes(kase.status)
  );
}

/** Edits of a case's details: its office's officers and supervisors, its investigators. */
export function assertMayEdit(principal: Principal, kase: CaseAccess): void {
  const investigator = kase.type === 'investigation' && isAssignedInvestigator(principal, kase);
  if (!isOfficeWriter(principal, kase) && !investigator) {
    throw DomainRefusal.forbidden(
      `Case ${kase.id} belongs to office ${kase.office}; only its officers, supervisors or assigned investigators may change it`,
    );
  }
  if (kase.status !== 'draft') {
    throw DomainRefusal.conflict(
      `Case ${kase.id} is ${kase.status}: only a draft can be edited (a supervisor may reject or reopen it)`,
      [{ path: 'status', reason: `the case is ${kase.status}`, code: 'not_a_draft' }],
    );
  }
}

/** Supervisors of the owning office only: validate, reject, close, reopen, assign. */
export function assertSupervisor(principal: Principal, kase: CaseAccess, what: string): void {
  if (!isOfficeSupervisor(principal, kase)) {
    throw DomainRefusal.forbidden(
      `Only a supervisor of office ${kase.office} may ${what} case ${kase.id}`,
    );
  }
}

/** Tasks: a supervisor of the office or an assigned investigator, on a case that is not closed. */
export function assertMayManageTasks(principal: Principal, kase: CaseAccess): void {
  if (!isOfficeSupervisor(principal, kase) && !isAssignedInvestigator(principal, kase)) {
    throw DomainRefusal.forbidden(
      `Only a supervisor of office ${kase.office} or an assigned investigator may manage the tasks of case ${kase.id}`,
    );
  }
  if (kase.status === 'closed') {
    throw DomainRefusal.conflict(`Case ${kase.id} is closed`, [
      { path: 'status', reason: 'the case is closed', code: 'closed' },
    ]);
  }
}

/** Comments: whoever may edit or supervise the case, whatever its status. */
export function assertMayComment(principal: Principal, kase: CaseAccess): void {
  if (!isOfficeWriter(principal, kase) && !isAssignedInvestigator(principal, kase)) {
    throw DomainRefusal.forbidden(
      `Only officers of office ${kase.office} or assigned investigators may comment on case ${kase.id}`,
    );
  }
}

/**
 * Checks that `transition` is allowed to `principal` from the case's status, and returns the step
 * to record. Does not check the mandatory minimum (see missingForSubmission).
 */
export function planTransition(
  principal: Principal,
  kase: CaseAccess,
  transition: Exclude<CaseTransition, 'assign'>,
  at: Date,
  comment: string | undefined,
): CaseWorkflowStep {
  const rule = TRANSITIONS[transition];
  if (rule.supervisorOnly) {
    assertSupervisor(principal, kase, transition);
  } else {
    const investigator = kase.type === 'investigation' && isAssignedInvestigator(principal, kase);
    if (!isOfficeWriter(principal, kase) && !investigator) {
      throw DomainRefusal.forbidden(
        `Only officers of office ${kase.office} or assigned investigators may ${transition} case ${kase.id}`,
      );
    }
  }
  if (!rule.from.includes(kase.status)) {
    throw DomainRefusal.conflict(
      `Case ${kase.id} is ${kase.status}: it cannot be ${transition}ed from there (only from ${rule.from.join(' or ')})`,
      [
        {
          path: 'status',
          reason: `cannot ${transition} a ${kase.status} case`,
          code: 'wrong_status',
        },
      ],
    );
  }
  return {
    transition,
    from: kase.status,
    to: rule.to,
    at: at.toISOString(),
    by: principal.sub,
    ...(comment === undefined ? {} : { comment }),
  };
}
