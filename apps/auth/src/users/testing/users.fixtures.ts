import { type CloudEvent, type Principal, type Role } from '@opencen/contracts';
import { type Clock, type RequestContext, ServiceError } from '@opencen/nest-kit';
import { FixedClock } from '@opencen/testing';

import { ManagedUsers } from '../usecases/managed-users';
import {
  CustomsOffices,
  type DirectoryChange,
  type DirectoryEntry,
  type KeycloakUser,
  type KeycloakUserChange,
  KeycloakUsers,
  type LoginEvent,
  type NewKeycloakUser,
  UserDirectory,
  type UserQuery,
  type UsersOptions,
} from '../usecases/ports';

export const admin: Principal = {
  sub: 'sub-admin',
  username: 'admin',
  roles: ['admin'],
  clearance: 'secret',
};
export const supervisor: Principal = {
  sub: 'sub-supervisor',
  username: 'supervisor',
  roles: ['supervisor'],
  office: 'FRA-CDG',
  clearance: 'confidential',
};
export const officer: Principal = {
  sub: 'sub-officer',
  username: 'officer',
  roles: ['officer'],
  office: 'FRA-CDG',
};

export function contextOf(principal?: Principal): RequestContext {
  return { correlationId: 'corr-1', ...(principal ? { principal } : {}) };
}

/** Keycloak's users in memory, with what was asked of it. */
export class FakeKeycloak extends KeycloakUsers {
  readonly users = new Map<string, KeycloakUser>();
  readonly loggedOut: string[] = [];
  events: LoginEvent[] = [];
  private count = 0;

  add(user: Partial<KeycloakUser> & { id: string }): KeycloakUser {
    const full: KeycloakUser = {
      username: user.id,
      enabled: true,
      roles: ['officer'],
      requiredActions: [],
      createdAt: new Date('2026-01-01T00:00:00Z'),
      serviceAccount: false,
      office: 'FRA-CDG',
      clearance: 'restricted',
      ...user,
    };
    this.users.set(full.id, full);
    return full;
  }

  async search(query: UserQuery): Promise<KeycloakUser[]> {
    return [...this.users.values()]
      .filter((user) => !query.office || user.office === query.office)
      .filter((user) => query.enabled === undefined || user.enabled === query.enabled)
      .filter((user) => !query.text || user.username.includes(query.text))
      .slice(query.first, query.first + query.max);
  }

  async get(id: string): Promise<KeycloakUser | null> {
    return this.users.get(id) ?? null;
  }

  async create(user: NewKeycloakUser): Promise<string> {
    if ([...this.users.values()].some((known) => known.username === user.username)) {
      throw ServiceError.conflict('taken', [{ path: 'username', reason: 'taken', code: 'taken' }]);
    }
    this.count += 1;
    const id = `kc-${this.count}`;
    this.add({
      id,
      username: user.username,
      firstName: user.firstName,
      lastName: user.lastName,
      email: user.email,
      office: user.office,
      clearance: user.clearance,
      roles: [],
      requiredActions: [...user.requiredActions],
    });
    return id;
  }

  async update(id: string, change: KeycloakUserChange): Promise<void> {
    const user = this.users.get(id);
    if (!user) throw ServiceError.notFound(id);
    this.users.set(id, {
      ...user,
      ...(change.enabled === undefined ? {} : { enabled: change.enabled }),
      ...(change.office === undefined ? {} : { office: change.office }),
      ...(change.clearance === undefined ? {} : { clearance: change.clearance }),
      ...(change.requiredActions === undefined
        ? {}
        : { requiredActions: [...change.requiredActions] }),
    });
  }

  async setRoles(id: string, roles: readonly Role[]): Promise<void> {
    const user = this.users.get(id);
    if (!user) throw ServiceError.notFound(id);
    this.users.set(id, { ...user, roles: [...roles] });
  }

  async logout(id: string): Promise<void> {
    this.loggedOut.push(id);
  }

  async loginEvents(since: number): Promise<LoginEvent[]> {
    return this.events.filter((event) => event.time >= since);
  }
}

/** The directory in memory, with every event it stored. */
export class FakeDirectory extends UserDirectory {
  readonly entries = new Map<string, DirectoryEntry>();
  readonly events: CloudEvent[] = [];
  cursor: { time: number; ids: string[] } | null = null;

  async get(id: string): Promise<DirectoryEntry | null> {
    return this.entries.get(id) ?? null;
  }

  async getMany(ids: readonly string[]): Promise<Map<string, DirectoryEntry>> {
    const found = new Map<string, DirectoryEntry>();
    for (const id of ids) if (this.entries.has(id)) found.set(id, this.entries.get(id)!);
    return found;
  }

  async change(id: string, change: DirectoryChange, events: readonly CloudEvent[]): Promise<void> {
    const entry: Record<string, unknown> = { ...(this.entries.get(id) ?? { id, failures: [] }) };
    for (const [field, value] of Object.entries(change)) {
      if (value === null) delete entry[field];
      else if (value !== undefined) entry[field] = value;
    }
    this.entries.set(id, entry as unknown as DirectoryEntry);
    this.events.push(...events);
  }

  async loginEventsCursor() {
    return this.cursor;
  }

  async saveLoginEventsCursor(cursor: { time: number; ids: string[] }): Promise<void> {
    this.cursor = cursor;
  }

  /** The types of the events stored, in order. */
  types(): string[] {
    return this.events.map((event) => event.type);
  }
}

/** Offices of reference data: those listed. */
export class FakeOffices extends CustomsOffices {
  constructor(private readonly known = new Set(['FRA-CDG', 'FRA-ORY', 'BEL-ANR'])) {
    super();
  }

  async problemWith(code: string): Promise<string | null> {
    return this.known.has(code) ? null : `unknown: no such code in customs-offices`;
  }
}

export const options: UsersOptions = {
  inactivityDays: 90,
  reminderDaysBefore: 10,
  loginFailureThreshold: 5,
  loginFailureWindowMs: 15 * 60_000,
};

/** The users feature's ports, faked, and the ManagedUsers over them. */
export function usersWorld(now = new Date('2026-03-01T10:00:00Z')) {
  const keycloak = new FakeKeycloak();
  const directory = new FakeDirectory();
  const clock = new FixedClock(now);
  const offices = new FakeOffices();
  const users = new ManagedUsers(keycloak, directory, clock as unknown as Clock);
  return { keycloak, directory, clock, offices, users };
}

/** The error code a promise is refused with. */
export async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return (error as { code?: string } | undefined)?.code ?? 'NONE';
}

export const DAY_MS = 24 * 60 * 60 * 1000;
