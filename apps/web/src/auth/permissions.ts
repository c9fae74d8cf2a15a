import { type Case, type RolePolicy, holdsPolicy } from '@opencen/contracts';
import { type Session } from './session';

/** Whether the user holds one of the policy's roles (ROLE_POLICIES, as the gateway checks). */
export const may = (session: Pick<Session, 'roles'>, policy: RolePolicy): boolean =>
  holdsPolicy(session, policy);

/** A workflow action the case page can offer. */
export type CaseAction = 'edit' | 'submit' | 'validate' | 'reject' | 'close' | 'reopen' | 'assign';

/**
 * The actions the user may take on the case in its status: the roles the gateway requires
 * (ROLE_POLICIES) and the transitions the workflow allows, so that no button is offered that the
 * API would refuse for either reason. (The service also narrows by office; a case of another
 * office is not readable by an officer in the first place.)
 */
export function caseActions(session: Pick<Session, 'roles'>, kase: Pick<Case, 'status' | 'type'>) {
  const actions: CaseAction[] = [];
  const writer = may(session, 'caseWriters');
  const supervisor = may(session, 'caseSupervisors');
  switch (kase.status) {
    case 'draft':
      if (writer) actions.push('edit', 'submit');
      break;
    case 'submitted':
      if (supervisor) actions.push('validate', 'reject');
      break;
    case 'validated':
      if (supervisor) actions.push('close', 'reopen');
      break;
    case 'closed':
      if (supervisor) actions.push('reopen');
      break;
  }
  if (supervisor && kase.type === 'investigation' && kase.status !== 'closed') {
    actions.push('assign');
  }
  return actions;
}
