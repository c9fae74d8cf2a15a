import {
  type User,
  changeUserClearance,
  changeUserOffice,
  changeUserRoles,
  createUser,
  disableUser,
  enableUser,
  endUserSessions,
  getUser,
  listUsers,
  requirePasswordReset,
  unlockUser,
} from '@opencen/contracts';

import { contractRoute } from '../http/contract-route';

const BASE = '/api/v1/users';

/** The URL of a user, as in Location. */
const userLocation = (user: User) => `${BASE}/${encodeURIComponent(user.id)}`;

/** A change of one user: its id from the path, what changes from the body, the user as it is after. */
const userChange = <C extends Parameters<typeof contractRoute>[0]['contract']>(
  operationId: string,
  method: 'POST' | 'PUT',
  action: string,
  contract: C,
  summary: string,
) =>
  contractRoute({
    operationId,
    method,
    path: `${BASE}/:id/${action}`,
    contract,
    summary,
    input: 'body',
    policy: 'userManagers',
    status: 200,
  });

/**
 * The users of the realm, over the auth service (which wraps Keycloak's admin API): admins manage
 * every user, supervisors the users of their own office, and the service says who may change what
 * (another office's user is 404 to a supervisor). The actions are fixed segments after the id.
 */
export const userRoutes = {
  list: contractRoute({
    operationId: 'listUsers',
    method: 'GET',
    path: BASE,
    contract: listUsers,
    summary: 'List users by text, office, role and state, a page at a time (first, max)',
    input: 'query',
    policy: 'userManagers',
    status: 200,
    // Officers' names and e-mail addresses are personal data too.
    audit: {
      records: (reply) => reply.items.map(({ id }) => ({ kind: 'user' as const, id })),
      criteria: ({ text, office, role, enabled, locked }) => ({
        text,
        office,
        role,
        enabled,
        locked,
      }),
      purpose: 'optional',
    },
  }),
  create: contractRoute({
    operationId: 'createUser',
    method: 'POST',
    path: BASE,
    contract: createUser,
    summary:
      'Create a user in an office with roles and a clearance; the temporary password is in this answer only',
    input: 'body',
    policy: 'userManagers',
    status: 201,
    location: (reply) => userLocation(reply.user),
  }),
  get: contractRoute({
    operationId: 'getUser',
    method: 'GET',
    path: `${BASE}/:id`,
    contract: getUser,
    summary: 'One user, with their roles, office, clearance, last sign-in and lock',
    input: 'query',
    policy: 'userManagers',
    status: 200,
    audit: { records: (reply) => [{ kind: 'user' as const, id: reply.id }], purpose: 'optional' },
  }),
  roles: userChange(
    'changeUserRoles',
    'PUT',
    'roles',
    changeUserRoles,
    "Replace a user's roles (only an admin grants or removes admin, auditor or integration)",
  ),
  office: userChange(
    'changeUserOffice',
    'PUT',
    'office',
    changeUserOffice,
    'Move a user to another customs office (admins only)',
  ),
  clearance: userChange(
    'changeUserClearance',
    'PUT',
    'clearance',
    changeUserClearance,
    "Change a user's clearance, never above your own",
  ),
  disable: userChange(
    'disableUser',
    'POST',
    'disable',
    disableUser,
    'Disable a user: no more sign-ins, sessions ended',
  ),
  enable: userChange('enableUser', 'POST', 'enable', enableUser, 'Enable a disabled user again'),
  unlock: userChange(
    'unlockUser',
    'POST',
    'unlock',
    unlockUser,
    'Unlock an account locked for inactivity; its period starts again',
  ),
  resetPassword: userChange(
    'requirePasswordReset',
    'POST',
    'reset-password',
    requirePasswordReset,
    'Make the user choose a new password at their next sign-in',
  ),
  logout: userChange(
    'endUserSessions',
    'POST',
    'logout',
    endUserSessions,
    'End every session of the user',
  ),
};
