import { ROLES, type Role, type User } from '@opencen/contracts';
import { type Session } from '../auth/session';

/** The user queries: a change makes them stale. */
export const USER_QUERIES = ['users'] as const;

/** Roles only an admin grants or removes (the auth service's rule). */
const ADMIN_ONLY_ROLES: readonly Role[] = ['admin', 'auditor', 'integration'];

/** The roles the signed-in user may grant: every one for an admin, else all but the admins'. */
export const grantableRoles = (session: Pick<Session, 'roles'>): Role[] =>
  session.roles.includes('admin') ? [...ROLES] : ROLES.filter((r) => !ADMIN_ONLY_ROLES.includes(r));

/** An account's state as shown: locked for inactivity, disabled, or enabled. */
export const userState = (user: Pick<User, 'enabled' | 'lock'>) =>
  user.lock ? 'locked' : user.enabled ? 'enabled' : 'disabled';
