/**
 * Who may do what, once for every tier: the gateway's routes name a policy and refuse a token
 * without one of its roles; each service's use cases check the same policy on the forwarded
 * principal (nest-kit `requireRole`) and then narrow it by office, assignment or state.
 */
import { type Principal, type Role } from './principal';

export const ROLE_POLICIES = {
  /**
   * Who reads cases. The cases service narrows it: officers and supervisors to their office,
   * investigators to their office and their assignments, liaison officers to validated cases;
   * analysts read every case.
   */
  caseReaders: ['officer', 'supervisor', 'investigator', 'analyst', 'liaison'],
  /**
   * Who records, edits, submits and comments on cases and adds their photos: officers and
   * supervisors in their office, investigators on the investigations they are assigned to.
   */
  caseWriters: ['officer', 'supervisor', 'investigator'],
  /** Who validates, rejects, closes, reopens and assigns: supervisors of the case's office. */
  caseSupervisors: ['supervisor'],
  /** Who manages the tasks of an investigation: its office's supervisors, its investigators. */
  caseTaskManagers: ['supervisor', 'investigator'],
  /** Who exports cases for a partner administration: liaison officers and supervisors. */
  caseExporters: ['liaison', 'supervisor'],
  /** Who imports seizures from a file into their office. */
  caseImporters: ['officer', 'supervisor'],
  /** Who reads persons, companies and conveyances: everyone who works on cases, analysts too. */
  recordReaders: ['officer', 'supervisor', 'investigator', 'analyst'],
  /** Who records and edits them; the service keeps edits to the record's own office. */
  recordWriters: ['officer', 'supervisor', 'investigator'],
  /** Who merges two records of one subject, and undoes it; supervisors only in their office. */
  recordMergers: ['admin', 'supervisor'],
  /**
   * Who keeps analytic rules: whoever searches cases or records. The notifications service narrows
   * it by kind: a case search needs caseReaders, a watch on persons, companies or conveyances
   * recordReaders.
   */
  ruleOwners: ['officer', 'supervisor', 'investigator', 'analyst', 'liaison'],
  /** Who reads alerts: every role that reads persons. */
  alertReaders: ['officer', 'supervisor', 'investigator', 'analyst'],
  /** Who raises, changes and withdraws alerts; the service keeps changes to the owner office. */
  alertManagers: ['supervisor', 'investigator'],
  /**
   * Who manages users: admins every user, supervisors the officers of their own office (the auth
   * service narrows it, and only an admin grants admin).
   */
  userManagers: ['admin', 'supervisor'],
  /** Who reads the audit trail and verifies it: auditors only, who read no case or record. */
  auditors: ['auditor'],
  /**
   * Who subscribes endpoints to the domain events (signed webhooks): integration clients their
   * own subscriptions, admins every one.
   */
  webhookManagers: ['integration', 'admin'],
  /** Who changes reference data and runs the administration's operations. */
  administrators: ['admin'],
} as const satisfies Record<string, readonly Role[]>;

/** The name of one of {@link ROLE_POLICIES}. */
export type RolePolicy = keyof typeof ROLE_POLICIES;

/** Whether the principal holds at least one of the policy's roles. */
export function holdsPolicy(principal: Pick<Principal, 'roles'>, policy: RolePolicy): boolean {
  const roles: readonly Role[] = ROLE_POLICIES[policy];
  return principal.roles.some((role) => roles.includes(role));
}

/** The policy's roles in words, for a refusal: "the officer, supervisor or investigator role". */
export function describePolicy(policy: RolePolicy): string {
  const roles: readonly Role[] = ROLE_POLICIES[policy];
  if (roles.length === 1) return `the ${roles[0]} role`;
  return `the ${roles.slice(0, -1).join(', ')} or ${roles[roles.length - 1]} role`;
}
