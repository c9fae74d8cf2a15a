import { type CloudEvent, type Role } from '@opencen/contracts';

/** A user as Keycloak holds them, with their realm roles (only the known ones). */
export interface KeycloakUser {
  readonly id: string;
  readonly username: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly email?: string;
  readonly enabled: boolean;
  readonly office?: string;
  readonly clearance?: string;
  /** The `locale` attribute (the language the user chose), if any. */
  readonly locale?: string;
  readonly roles: Role[];
  readonly requiredActions: string[];
  readonly createdAt: Date;
  /** A service account (`service-account-<client>`): not a person, never locked. */
  readonly serviceAccount: boolean;
}

/** What Keycloak's user search takes. */
export interface UserQuery {
  readonly text?: string;
  readonly office?: string;
  readonly enabled?: boolean;
  readonly first: number;
  readonly max: number;
}

/** A new user for Keycloak: enabled, with a temporary password and required actions. */
export interface NewKeycloakUser {
  readonly username: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly office: string;
  readonly clearance: string;
  readonly temporaryPassword: string;
  readonly requiredActions: readonly string[];
}

/** A change of a Keycloak user; what is left out stays as it is. */
export interface KeycloakUserChange {
  readonly enabled?: boolean;
  readonly office?: string;
  readonly clearance?: string;
  readonly requiredActions?: readonly string[];
}

/** A LOGIN or LOGIN_ERROR event of the realm. */
export interface LoginEvent {
  /** Keycloak's id of the event, when it gives one. */
  readonly id?: string;
  readonly type: 'LOGIN' | 'LOGIN_ERROR';
  readonly time: number;
  readonly userId?: string;
}

/**
 * The realm's users through Keycloak's admin REST API, as the `opencen-auth` service account.
 * CONFLICT when a username or e-mail is taken; null when a user does not exist.
 */
export abstract class KeycloakUsers {
  abstract search(query: UserQuery): Promise<KeycloakUser[]>;
  abstract get(id: string): Promise<KeycloakUser | null>;
  /** Creates the user and returns their id. */
  abstract create(user: NewKeycloakUser): Promise<string>;
  abstract update(id: string, change: KeycloakUserChange): Promise<void>;
  /** Makes the user's realm roles (of contracts' ROLES) exactly `roles`. */
  abstract setRoles(id: string, roles: readonly Role[]): Promise<void>;
  /** Ends every session of the user. */
  abstract logout(id: string): Promise<void>;
  /**
   * The realm's LOGIN and LOGIN_ERROR events from `since` (epoch ms, included), oldest first.
   */
  abstract loginEvents(since: number): Promise<LoginEvent[]>;
}

/** What the auth service keeps of a user, by their Keycloak id. */
export interface DirectoryEntry {
  readonly id: string;
  readonly lastLoginAt?: Date;
  /** When the inactivity period last started again (an unlock). */
  readonly periodStartedAt?: Date;
  readonly lock?: { readonly reason: 'inactivity'; readonly at: Date };
  /** The last use a reminder was sent for (one per period). */
  readonly remindedFor?: Date;
  /** Failed sign-ins still in the window, and the end of the last burst reported. */
  readonly failures: readonly Date[];
  readonly failuresReportedUntil?: Date;
}

/** A change of a directory entry; `null` removes a field. */
export type DirectoryChange = {
  readonly [K in Exclude<keyof DirectoryEntry, 'id'>]?: DirectoryEntry[K] | null;
};

/**
 * The users' directory data, by key, with the events of each change written in the same
 * single-document write (the outbox): a change of an entry that does not exist yet creates it.
 */
export abstract class UserDirectory {
  abstract get(id: string): Promise<DirectoryEntry | null>;
  /** The entries of `ids` that exist, by id (a page of users' entries, read by key at once). */
  abstract getMany(ids: readonly string[]): Promise<Map<string, DirectoryEntry>>;
  abstract change(
    id: string,
    change: DirectoryChange,
    events: readonly CloudEvent[],
  ): Promise<void>;
  /** How far the login events were read: the time of the last one and the ids read at that time. */
  abstract loginEventsCursor(): Promise<{ time: number; ids: string[] } | null>;
  abstract saveLoginEventsCursor(cursor: { time: number; ids: string[] }): Promise<void>;
}

/** The customs offices of reference data. */
export abstract class CustomsOffices {
  /** Why `code` is not a valid customs office today, or null when it is. */
  abstract problemWith(code: string): Promise<string | null>;
}

/** Settings of the users feature, from the environment. */
export abstract class UsersOptions {
  abstract readonly inactivityDays: number;
  abstract readonly reminderDaysBefore: number;
  abstract readonly loginFailureThreshold: number;
  abstract readonly loginFailureWindowMs: number;
}
