import { Injectable } from '@nestjs/common';
import { ROLES, type Role, knownRoles } from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';

import {
  type KeycloakUser,
  type KeycloakUserChange,
  KeycloakUsers,
  type LoginEvent,
  type NewKeycloakUser,
  type UserQuery,
} from '../usecases/ports';

/** Where the admin API is and who the service is to it: the `opencen-auth` service account. */
export abstract class KeycloakAdminSettings {
  abstract readonly url: string;
  abstract readonly realm: string;
  abstract readonly clientId: string;
  abstract readonly clientSecret: string;
}

/** A user as Keycloak's admin API represents it (the fields we read and write). */
interface UserRepresentation {
  id: string;
  username: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  enabled: boolean;
  createdTimestamp?: number;
  attributes?: Record<string, string[]>;
  requiredActions?: string[];
  serviceAccountClientId?: string;
  [field: string]: unknown;
}

interface RoleRepresentation {
  id: string;
  name: string;
}

interface EventRepresentation {
  id?: string;
  type: string;
  time: number;
  userId?: string;
}

const EVENTS_PAGE = 500;
/** Members of a role read at once (brief representations: ids, names). */
const ROLE_MEMBERS_PAGE = 1000;
/**
 * How long listings use the realm's role members as read: a role change made through another
 * replica, or in Keycloak's console, shows in this replica's listings at most this much later
 * (this replica's own changes at once; one user's view is always read afresh).
 */
export const ROLE_MEMBERS_MAX_AGE_MS = 5_000;
/** A token is renewed this long before it expires. */
const TOKEN_MARGIN_MS = 30_000;

/**
 * Keycloak's admin REST API with Node's fetch, as the service account of the `opencen-auth`
 * client (client credentials grant), never as the master realm's admin. Keycloak being down or
 * refusing the service account is UNAVAILABLE; a taken username or e-mail is CONFLICT.
 */
@Injectable()
export class KeycloakAdminClient extends KeycloakUsers {
  private token: { value: string; expiresAt: number } | undefined;
  private readonly roleIds = new Map<string, RoleRepresentation>();
  /** The members of each realm role, as read at `readAt`. */
  private roleMembers:
    | { readonly byRole: Promise<ReadonlyMap<Role, ReadonlySet<string>>>; readonly readAt: number }
    | undefined;

  constructor(private readonly settings: KeycloakAdminSettings) {
    super();
  }

  async search(query: UserQuery): Promise<KeycloakUser[]> {
    const params = new URLSearchParams({
      briefRepresentation: 'false',
      first: String(query.first),
      max: String(query.max),
    });
    if (query.text) params.set('search', query.text);
    if (query.office) params.set('q', `office:${query.office}`);
    if (query.enabled !== undefined) params.set('enabled', String(query.enabled));
    const users = await this.json<UserRepresentation[]>('GET', `/users?${params}`);
    // A page's roles come from the members of each role (a few calls whatever the page's size),
    // never from one call per user, which took seconds for a page of a hundred.
    const members = await this.membersOfRoles();
    return users.map((user) =>
      toAccount(
        user,
        ROLES.filter((role) => members.get(role)?.has(user.id)),
      ),
    );
  }

  async get(id: string): Promise<KeycloakUser | null> {
    const user = await this.representation(id);
    if (!user) return null;
    const roles = await this.json<RoleRepresentation[]>(
      'GET',
      `/users/${encodeURIComponent(user.id)}/role-mappings/realm`,
    );
    return toAccount(user, knownRoles(roles.map((role) => role.name)));
  }

  async create(user: NewKeycloakUser): Promise<string> {
    const response = await this.call('POST', '/users', {
      username: user.username,
      firstName: user.firstName,
      lastName: user.lastName,
      email: user.email,
      enabled: true,
      attributes: { office: [user.office], clearance: [user.clearance] },
      requiredActions: [...user.requiredActions],
      credentials: [{ type: 'password', value: user.temporaryPassword, temporary: true }],
    });
    if (response.status === 409) throw await this.conflict(response);
    await this.assertOk(response, 'create a user');
    this.forgetRoleMembers();
    const id = response.headers.get('location')?.split('/').pop();
    if (!id) throw new ServiceError('INTERNAL', 'Keycloak did not say which user it created');
    return id;
  }

  async update(id: string, change: KeycloakUserChange): Promise<void> {
    const user = await this.representation(id);
    if (!user) throw ServiceError.notFound(`No user ${id}`);
    // The whole representation goes back: with the declarative user profile, attributes left
    // out of a PUT would be removed.
    const attributes = { ...(user.attributes ?? {}) };
    if (change.office !== undefined) attributes.office = [change.office];
    if (change.clearance !== undefined) attributes.clearance = [change.clearance];
    const response = await this.call('PUT', `/users/${encodeURIComponent(id)}`, {
      ...user,
      attributes,
      ...(change.enabled === undefined ? {} : { enabled: change.enabled }),
      ...(change.requiredActions === undefined
        ? {}
        : { requiredActions: [...change.requiredActions] }),
    });
    if (response.status === 409) throw await this.conflict(response);
    await this.assertOk(response, 'change a user');
  }

  async setRoles(id: string, roles: readonly Role[]): Promise<void> {
    this.forgetRoleMembers();
    const path = `/users/${encodeURIComponent(id)}/role-mappings/realm`;
    const current = knownRoles(
      (await this.json<RoleRepresentation[]>('GET', path)).map((role) => role.name),
    );
    const added = roles.filter((role) => !current.includes(role));
    const removed = current.filter((role) => !roles.includes(role));
    if (added.length > 0) {
      await this.assertOk(
        await this.call('POST', path, await this.roleRepresentations(added)),
        'grant roles',
      );
    }
    if (removed.length > 0) {
      await this.assertOk(
        await this.call('DELETE', path, await this.roleRepresentations(removed)),
        'remove roles',
      );
    }
    // Read again after the change: a listing started meanwhile may have read the old members.
    this.forgetRoleMembers();
  }

  async logout(id: string): Promise<void> {
    await this.assertOk(
      await this.call('POST', `/users/${encodeURIComponent(id)}/logout`),
      'end sessions',
    );
  }

  /** Deletes a user: for tests that clean up after themselves, not offered to anyone. */
  async remove(id: string): Promise<void> {
    const response = await this.call('DELETE', `/users/${encodeURIComponent(id)}`);
    if (response.status !== 404) await this.assertOk(response, 'delete a user');
    this.forgetRoleMembers();
  }

  async loginEvents(since: number): Promise<LoginEvent[]> {
    const events: LoginEvent[] = [];
    for (let first = 0; ; first += EVENTS_PAGE) {
      const params = new URLSearchParams({
        dateFrom: String(since),
        first: String(first),
        max: String(EVENTS_PAGE),
      });
      params.append('type', 'LOGIN');
      params.append('type', 'LOGIN_ERROR');
      const page = await this.json<EventRepresentation[]>('GET', `/events?${params}`);
      for (const event of page) {
        if (event.time < since) continue;
        if (event.type !== 'LOGIN' && event.type !== 'LOGIN_ERROR') continue;
        events.push({
          ...(event.id ? { id: event.id } : {}),
          type: event.type,
          time: event.time,
          ...(event.userId ? { userId: event.userId } : {}),
        });
      }
      if (page.length < EVENTS_PAGE) break;
    }
    // Keycloak answers newest first.
    return events.sort((a, b) => a.time - b.time);
  }

  private async representation(id: string): Promise<UserRepresentation | null> {
    const response = await this.call('GET', `/users/${encodeURIComponent(id)}`);
    if (response.status === 404) return null;
    await this.assertOk(response, 'read a user');
    return (await response.json()) as UserRepresentation;
  }

  /** The members of every realm role of contracts' ROLES, read at most ROLE_MEMBERS_MAX_AGE_MS ago. */
  private membersOfRoles(): Promise<ReadonlyMap<Role, ReadonlySet<string>>> {
    const now = Date.now();
    if (this.roleMembers && now - this.roleMembers.readAt < ROLE_MEMBERS_MAX_AGE_MS) {
      return this.roleMembers.byRole;
    }
    const byRole = Promise.all(
      ROLES.map(async (role) => [role, await this.membersOf(role)] as const),
    ).then((entries) => new Map(entries));
    this.roleMembers = { byRole, readAt: now };
    byRole.catch(() => {
      // A failed read is not kept: the next listing tries again.
      if (this.roleMembers?.byRole === byRole) this.roleMembers = undefined;
    });
    return byRole;
  }

  /** The ids of a role's direct members, a bounded page at a time; none when the realm lacks it. */
  private async membersOf(role: Role): Promise<Set<string>> {
    const ids = new Set<string>();
    for (let first = 0; ; first += ROLE_MEMBERS_PAGE) {
      const params = new URLSearchParams({
        briefRepresentation: 'true',
        first: String(first),
        max: String(ROLE_MEMBERS_PAGE),
      });
      const response = await this.call('GET', `/roles/${encodeURIComponent(role)}/users?${params}`);
      if (response.status === 404) return ids;
      await this.assertOk(response, 'read the members of a role');
      const page = (await response.json()) as { id: string }[];
      for (const user of page) ids.add(user.id);
      if (page.length < ROLE_MEMBERS_PAGE) return ids;
    }
  }

  /** The next listing reads the role members again (after a change made here). */
  private forgetRoleMembers(): void {
    this.roleMembers = undefined;
  }

  private async roleRepresentations(roles: readonly Role[]): Promise<RoleRepresentation[]> {
    const found: RoleRepresentation[] = [];
    for (const role of roles) {
      let representation = this.roleIds.get(role);
      if (!representation) {
        const response = await this.call('GET', `/roles/${encodeURIComponent(role)}`);
        if (response.status === 404) {
          throw ServiceError.validation('The realm has no such role', [
            { path: 'roles', reason: `no realm role ${role}`, code: 'unknown_role' },
          ]);
        }
        await this.assertOk(response, 'read a role');
        const { id, name } = (await response.json()) as RoleRepresentation;
        representation = { id, name };
        this.roleIds.set(role, representation);
      }
      found.push(representation);
    }
    return found;
  }

  private async json<T>(method: string, path: string): Promise<T> {
    const response = await this.call(method, path);
    await this.assertOk(response, `${method} ${path.split('?')[0]}`);
    return (await response.json()) as T;
  }

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    const send = async () =>
      fetch(`${this.adminBase()}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${await this.accessToken()}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    try {
      let response = await send();
      if (response.status === 401) {
        // The token may have been revoked or the realm's keys rotated: one fresh try.
        this.token = undefined;
        response = await send();
      }
      return response;
    } catch (error) {
      if (error instanceof ServiceError) throw error;
      throw new ServiceError('UNAVAILABLE', 'Keycloak cannot be reached');
    }
  }

  private adminBase(): string {
    return `${this.settings.url.replace(/\/$/, '')}/admin/realms/${encodeURIComponent(this.settings.realm)}`;
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now()) return this.token.value;
    const response = await fetch(
      `${this.settings.url.replace(/\/$/, '')}/realms/${encodeURIComponent(this.settings.realm)}/protocol/openid-connect/token`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: this.settings.clientId,
          client_secret: this.settings.clientSecret,
        }),
      },
    ).catch(() => {
      throw new ServiceError('UNAVAILABLE', 'Keycloak cannot be reached');
    });
    if (!response.ok) {
      throw new ServiceError(
        'UNAVAILABLE',
        `Keycloak refused the auth service's credentials (${response.status})`,
      );
    }
    const { access_token: value, expires_in: expiresIn } = (await response.json()) as {
      access_token: string;
      expires_in: number;
    };
    this.token = { value, expiresAt: Date.now() + expiresIn * 1000 - TOKEN_MARGIN_MS };
    return value;
  }

  private async assertOk(response: Response, what: string): Promise<void> {
    if (response.ok) return;
    if (response.status === 404) throw ServiceError.notFound(`Keycloak: not found (${what})`);
    if (response.status === 400) {
      const reason = await this.errorMessage(response);
      throw ServiceError.validation(`Keycloak refused to ${what}`, [
        { path: '', reason, code: 'keycloak_refused' },
      ]);
    }
    throw new ServiceError('UNAVAILABLE', `Keycloak answered ${response.status} to ${what}`);
  }

  private async conflict(response: Response): Promise<ServiceError> {
    const message = await this.errorMessage(response);
    const path = /email/i.test(message) ? 'email' : 'username';
    return ServiceError.conflict(`A user with the same ${path} already exists`, [
      { path, reason: 'already taken', code: 'taken' },
    ]);
  }

  private async errorMessage(response: Response): Promise<string> {
    const text = await response.text().catch(() => '');
    try {
      const body = JSON.parse(text) as { errorMessage?: string; error?: string };
      return body.errorMessage ?? body.error ?? text;
    } catch {
      return text;
    }
  }
}

/** A Keycloak user with their realm roles, as the service sees them. */
function toAccount(user: UserRepresentation, roles: Role[]): KeycloakUser {
  const attribute = (name: string) => user.attributes?.[name]?.[0];
  return {
    id: user.id,
    username: user.username,
    ...(user.firstName ? { firstName: user.firstName } : {}),
    ...(user.lastName ? { lastName: user.lastName } : {}),
    ...(user.email ? { email: user.email } : {}),
    enabled: user.enabled,
    ...(attribute('office') ? { office: attribute('office') } : {}),
    ...(attribute('clearance') ? { clearance: attribute('clearance') } : {}),
    ...(attribute('locale') ? { locale: attribute('locale') } : {}),
    roles,
    requiredActions: user.requiredActions ?? [],
    createdAt: new Date(user.createdTimestamp ?? 0),
    serviceAccount:
      user.serviceAccountClientId !== undefined || user.username.startsWith('service-account-'),
  };
}
