import { DomainRefusal, type Principal, type Role, clearanceOf, isAbove } from '@opencen/contracts';

/**
 * Who may see and manage which user. An admin sees and manages everyone. A supervisor sees the
 * users of their own office only (another office's user is as unknown to them as one that does not
 * exist), cannot manage an admin, auditor or integration account, cannot grant or take away those
 * roles, and cannot move anyone to another office. Nobody grants a clearance above their own.
 */

/** Roles only an admin grants, removes, or manages the holders of. */
export const ADMIN_ONLY_ROLES: readonly Role[] = ['admin', 'auditor', 'integration'];

/** What the rules need to know of a user. */
export interface ManagedUser {
  readonly id: string;
  readonly office?: string;
  readonly roles: readonly Role[];
}

export function isAdmin(actor: Pick<Principal, 'roles'>): boolean {
  return actor.roles.includes('admin');
}

/** Whether the actor may see the user at all; when not, the user is NOT_FOUND to them. */
export function maySee(actor: Principal, user: Pick<ManagedUser, 'office'>): boolean {
  if (isAdmin(actor)) return true;
  return actor.office !== undefined && user.office === actor.office;
}

/** The office a supervisor's listing is narrowed to; undefined for an admin (any office). */
export function listingOffice(actor: Principal, asked?: string): string | undefined {
  if (isAdmin(actor)) return asked;
  return actor.office;
}

/** Refuses a supervisor a change of an admin, auditor or integration account. */
export function assertMayManage(actor: Principal, user: ManagedUser): void {
  if (isAdmin(actor)) return;
  const held = user.roles.filter((role) => ADMIN_ONLY_ROLES.includes(role));
  if (held.length > 0) {
    throw DomainRefusal.forbidden(`Only an admin manages a user with the ${held.join(', ')} role`);
  }
}

/** Refuses a supervisor a change of roles that grants or removes an admin-only role. */
export function assertMayChangeRoles(
  actor: Principal,
  before: readonly Role[],
  after: readonly Role[],
): void {
  if (isAdmin(actor)) return;
  const changed = ADMIN_ONLY_ROLES.filter((role) => before.includes(role) !== after.includes(role));
  if (changed.length > 0) {
    throw DomainRefusal.forbidden(`Only an admin grants or removes the ${changed.join(', ')} role`);
  }
}

/** Refuses a supervisor a user in another office than their own. */
export function assertMayPlaceIn(actor: Principal, office: string): void {
  if (isAdmin(actor) || office === actor.office) return;
  throw DomainRefusal.forbidden('A supervisor places users in their own office only');
}

/** Refuses a supervisor the move of a user to another office. */
export function assertMayMove(actor: Principal): void {
  if (isAdmin(actor)) return;
  throw DomainRefusal.forbidden('Only an admin moves a user to another office');
}

/** Refuses a clearance above the actor's own: VALIDATION_FAILED naming the field. */
export function assertClearanceWithin(
  actor: Principal,
  clearance: string,
  path = 'clearance',
): void {
  if (!isAbove(clearance, clearanceOf(actor))) return;
  throw DomainRefusal.validation('The clearance is above your own', [
    {
      path,
      reason: `${clearance} is above your clearance (${clearanceOf(actor)})`,
      code: 'above_clearance',
    },
  ]);
}
