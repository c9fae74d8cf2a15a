/**
 * Contracts of the users of the realm, as the auth service manages them over Keycloak's admin API:
 * who they are, their customs office, roles and clearance, and their account's lifecycle (an
 * account unused for a period is locked, after a reminder; an admin or the user's supervisor
 * unlocks it).
 *
 * Nothing here ever carries a password or a token, except the one reply that hands a new user's
 * temporary password to whoever created them, once. Events carry ids, offices, roles, clearances
 * and times; no names or e-mail addresses.
 */
import { z } from 'zod';
import { emailAddressSchema } from '../email';

import { classificationSchema } from '../classification';
import { type EventContract, defineEvent } from '../events';
import { principalSchema, roleSchema } from '../principal';
import { type RequestContract, defineRequest } from '../requests';

/** A Keycloak user id. */
const userId = z.string().min(1).max(64);
const instant = z.iso.datetime({ offset: true });

/** A customs office code, as the realm's user profile accepts it (e.g. `FRA-CDG`). */
export const officeCodeSchema = z
  .string()
  .regex(/^[A-Z]{3}-[A-Z0-9]{2,12}$/, 'an office code looks like FRA-CDG');

/** Why an account is locked: unused for the inactivity period. */
export const LOCK_REASONS = ['inactivity'] as const;
export const lockReasonSchema = z.enum(LOCK_REASONS);

/** The roles a user holds, without duplicates; at least one. */
const rolesSchema = z
  .array(roleSchema)
  .min(1)
  .max(8)
  .refine((roles) => new Set(roles).size === roles.length, { message: 'a role is listed twice' })
  // The refinement, said in the JSON Schema too.
  .meta({ uniqueItems: true });

/** A user as the auth service shows them: never a credential. */
export const userSchema = z.object({
  id: userId,
  username: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  email: z.string().optional(),
  /** Whether the user may sign in: false when disabled, and when locked. */
  enabled: z.boolean(),
  office: z.string().optional(),
  roles: z.array(roleSchema),
  clearance: classificationSchema.optional(),
  /** What Keycloak asks of the user at their next sign-in (UPDATE_PASSWORD, UPDATE_PROFILE). */
  requiredActions: z.array(z.string()),
  createdAt: instant,
  /** Their last sign-in, from Keycloak's login events; absent if none was seen. */
  lastLoginAt: instant.optional(),
  /** Present while the account is locked. */
  lock: z.object({ reason: lockReasonSchema, at: instant }).optional(),
});
export type User = z.infer<typeof userSchema>;

const byId = z.strictObject({ id: userId });

export const listUsers = defineRequest({
  service: 'auth',
  aggregate: 'user',
  verb: 'list',
  description:
    'Lists users by text (username, name, e-mail), office, role and state, a page at a time (first/max): supervisors see only their own office.',
  request: z.strictObject({
    text: z.string().trim().min(1).max(100).optional(),
    office: officeCodeSchema.optional(),
    role: roleSchema.optional(),
    enabled: z.boolean().optional(),
    locked: z.boolean().optional(),
    /** How many users of the directory's order to skip. */
    first: z.number().int().min(0).max(100_000).default(0),
    max: z.number().int().min(1).max(200).default(50),
  }),
  reply: z.object({
    items: z.array(userSchema),
    /**
     * Where the next page starts; absent on the last page. A page filtered by role or lock state
     * may hold fewer than `max` users before the last one.
     */
    nextFirst: z.number().int().min(0).optional(),
  }),
});

/** A request about one user, answered with the user (as they are after it, for a change). */
function oneUser<Req extends z.ZodType>(verb: string, description: string, request: Req) {
  return defineRequest({
    service: 'auth',
    aggregate: 'user',
    verb,
    description,
    request,
    reply: userSchema,
  });
}

export const getUser = oneUser(
  'get',
  'One user by id; a user of another office is NOT_FOUND for a supervisor.',
  byId,
);

const name = z.string().trim().min(1).max(100);

export const createUser = defineRequest({
  service: 'auth',
  aggregate: 'user',
  verb: 'create',
  description:
    'Creates a user in an office with roles and a clearance, and a temporary password (given, or generated and returned once); they must change it and complete their profile at first sign-in.',
  request: z.strictObject({
    username: z
      .string()
      .trim()
      .min(3)
      .max(64)
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lowercase letters, digits, ".", "_" and "-" only'),
    firstName: name,
    lastName: name,
    email: emailAddressSchema(255),
    office: officeCodeSchema,
    roles: rolesSchema,
    clearance: classificationSchema.default('restricted'),
    /** Generated when left out. */
    temporaryPassword: z.string().min(12).max(128).optional(),
  }),
  reply: z.object({
    user: userSchema,
    /** Shown once: the service keeps no copy. */
    temporaryPassword: z.string(),
  }),
});

export const changeUserRoles = oneUser(
  'change-roles',
  "Replaces a user's realm roles; only an admin grants or removes admin, auditor or integration.",
  z.strictObject({ id: userId, roles: rolesSchema }),
);

export const changeUserOffice = oneUser(
  'change-office',
  'Moves a user to another customs office (admins only).',
  z.strictObject({ id: userId, office: officeCodeSchema }),
);

export const changeUserClearance = oneUser(
  'change-clearance',
  "Changes a user's clearance, never above the caller's own.",
  z.strictObject({ id: userId, clearance: classificationSchema }),
);

export const disableUser = oneUser(
  'disable',
  'Disables a user: they can no longer sign in, and their sessions end.',
  byId,
);

export const enableUser = oneUser(
  'enable',
  'Enables a disabled user again; a user locked for inactivity is unlocked instead (auth.user.unlock).',
  byId,
);

export const unlockUser = oneUser(
  'unlock',
  'Unlocks an account locked for inactivity: enables it and starts its inactivity period again.',
  byId,
);

export const requirePasswordReset = oneUser(
  'reset-password',
  'Makes the user choose a new password at their next sign-in (UPDATE_PASSWORD).',
  byId,
);

export const endUserSessions = oneUser(
  'logout',
  'Ends every session of the user (their refresh tokens stop working).',
  byId,
);

/** The languages of the code lists, as a user's `locale` attribute may name them. */
const recipientLocale = z.enum(['en', 'fr', 'es', 'ru', 'ar', 'pt']);

/**
 * Who is told of something, for the notifications service: the users named, or the enabled users
 * of an office holding a role. Ids, office, language and the e-mail address to send their
 * notifications to (when Keycloak has one): nothing that names anyone.
 */
export const listUserRecipients = defineRequest({
  service: 'auth',
  aggregate: 'user',
  verb: 'recipients',
  description:
    "The users named by id (those that exist), or the enabled users of an office with a role, with their language (Keycloak's `locale` attribute, English when absent or not one of the six) and their e-mail address when they have one. For services only: a request carrying a user's principal is FORBIDDEN.",
  request: z
    .strictObject({
      users: z.array(userId).min(1).max(200).optional(),
      office: officeCodeSchema.optional(),
      role: roleSchema.optional(),
    })
    .refine((query) => (query.users === undefined) !== (query.office === undefined), {
      message: 'name either users or an office (with a role)',
      path: ['office'],
    })
    .refine((query) => query.office === undefined || query.role !== undefined, {
      message: 'an office needs a role',
      path: ['role'],
    }),
  reply: z.object({
    items: z.array(
      z.object({
        id: userId,
        office: z.string().optional(),
        locale: recipientLocale,
        /** Where their notifications are sent by e-mail; absent when Keycloak has none. */
        email: emailAddressSchema(255).optional(),
      }),
    ),
  }),
});

/**
 * The users named, as the principals another service acts as on their behalf (the notifications
 * service evaluates each analytic rule as its owner would search): their current roles, office
 * and clearance, and whether they may sign in.
 */
export const listUserPrincipals = defineRequest({
  service: 'auth',
  aggregate: 'user',
  verb: 'principals',
  description:
    "The users named by id (those that exist, not service accounts), each as a principal with their current roles, office and clearance, and whether their account is enabled. For services only: a request carrying a user's principal is FORBIDDEN.",
  request: z.strictObject({ users: z.array(userId).min(1).max(200) }),
  reply: z.object({ items: z.array(principalSchema.extend({ enabled: z.boolean() })) }),
});

export const userRequestContracts: RequestContract[] = [
  listUsers,
  getUser,
  createUser,
  changeUserRoles,
  changeUserOffice,
  changeUserClearance,
  disableUser,
  enableUser,
  unlockUser,
  requirePasswordReset,
  endUserSessions,
  listUserRecipients,
  listUserPrincipals,
];

/** What every user event names: the user, and their office when they have one. */
const userEventBase = { userId, office: z.string().optional() };

function userEvent<S extends z.ZodRawShape>(verb: string, description: string, shape: S) {
  return defineEvent({
    service: 'auth',
    aggregate: 'user',
    verb,
    version: 1,
    description,
    data: z.object({ ...userEventBase, ...shape }),
  });
}

export const userCreated = userEvent('created', 'A user was created in an office.', {
  roles: z.array(roleSchema),
  clearance: classificationSchema,
});

export const userRolesChanged = userEvent('roles-changed', "A user's realm roles changed.", {
  roles: z.array(roleSchema),
  previousRoles: z.array(roleSchema),
});

export const userOfficeChanged = userEvent(
  'office-changed',
  'A user moved to another customs office (`office` is the new one).',
  { previousOffice: z.string().optional() },
);

export const userClearanceChanged = userEvent('clearance-changed', "A user's clearance changed.", {
  clearance: classificationSchema,
  previousClearance: classificationSchema.optional(),
});

export const userDisabled = userEvent('disabled', 'A user was disabled.', {});

export const userEnabled = userEvent('enabled', 'A disabled user was enabled again.', {});

export const userPasswordResetRequired = userEvent(
  'password-reset-required',
  'A user must choose a new password at their next sign-in.',
  {},
);

export const userSessionsEnded = userEvent('sessions-ended', "A user's sessions were ended.", {});

export const userLocked = userEvent(
  'locked',
  'An account was locked (disabled in Keycloak) because it was not used for the inactivity period.',
  { reason: lockReasonSchema, lastUsedAt: instant },
);

export const userUnlocked = userEvent(
  'unlocked',
  'A locked account was unlocked; its inactivity period starts again.',
  {},
);

export const userInactivityReminder = userEvent(
  'inactivity-reminder',
  'An account unused for a while will be locked at `lockAt` unless the user signs in before.',
  { lastUsedAt: instant, lockAt: instant },
);

export const userLoginFailures = userEvent(
  'login-failures',
  'A burst of failed sign-ins of one user: `failures` within the window from `from` to `to`.',
  { failures: z.number().int().min(1), from: instant, to: instant },
);

export const userEventContracts: EventContract[] = [
  userCreated,
  userRolesChanged,
  userOfficeChanged,
  userClearanceChanged,
  userDisabled,
  userEnabled,
  userPasswordResetRequired,
  userSessionsEnded,
  userLocked,
  userUnlocked,
  userInactivityReminder,
  userLoginFailures,
];
