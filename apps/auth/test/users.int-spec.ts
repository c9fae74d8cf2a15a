import { randomBytes } from 'node:crypto';

import {
  type CloudEvent,
  type Principal,
  auditRecordTrail,
  changeUserRoles,
  createUser,
  disableUser,
  enableUser,
  getUser,
  listUserRecipients,
  listUsers,
  unlockUser,
} from '@opencen/contracts';
import {
  decodeJwtPayload,
  eventually,
  finishFirstSignIn,
  signIn,
  storedEvents,
} from '@opencen/testing';

import { type AuthService, startAuthService } from './support/auth-service';

/**
 * Users and the account lifecycle in process against real Keycloak (its admin API, as the
 * opencen-auth service account), NATS, FerretDB and OpenSearch: a user created through the service
 * signs in with a real password grant and their token carries what the service gave them; a
 * disabled or locked user cannot sign in; the events are published. Usernames carry a random
 * suffix, and the users are deleted at the end.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const suffix = randomBytes(3).toString('hex');
const password = `It-${randomBytes(12).toString('hex')}`;
const admin: Principal = {
  sub: `it-admin-${suffix}`,
  username: 'it-admin',
  roles: ['admin'],
  clearance: 'secret',
};
const otherSupervisor: Principal = {
  sub: `it-supervisor-${suffix}`,
  username: 'it-supervisor',
  roles: ['supervisor'],
  office: 'FRA-ORY',
  clearance: 'confidential',
};

const auditor: Principal = {
  sub: `it-auditor-${suffix}`,
  username: 'it-auditor',
  roles: ['auditor'],
};

const draft = {
  username: `it-officer-${suffix}`,
  firstName: 'Ida',
  lastName: 'Test',
  email: `it-officer-${suffix}@example.org`,
  office: 'FRA-CDG',
  roles: ['officer' as const, 'analyst' as const],
  clearance: 'confidential' as const,
};

describe('users over Keycloak', () => {
  let service: AuthService;
  const created: string[] = [];
  let userId: string;

  /** The types of the user events of `id` in the stream, oldest first. */
  async function userEventTypes(id: string): Promise<string[]> {
    return (await storedEvents<CloudEvent>(service.nats, 'events.auth.user.>'))
      .filter((event) => event.subject === id)
      .map((event) => event.type);
  }

  /** The user events of `id` in the stream, once `types` are all there. */
  async function userEvents(id: string, types: string[]): Promise<string[]> {
    return eventually(
      async () => {
        const events = await userEventTypes(id);
        for (const type of types) if (!events.includes(type)) throw new Error(`no ${type} yet`);
        return events;
      },
      15_000,
      'the user events published',
    );
  }

  beforeAll(async () => {
    service = await startAuthService(__filename, { knownOffices: ['FRA-CDG', 'FRA-ORY'] });
  });

  afterAll(async () => {
    for (const id of created) await service?.keycloak.remove(id).catch(() => undefined);
    await service?.close();
  });

  it('creates a user who signs in with the roles, office and clearance given', async () => {
    const reply = await service.send(createUser, draft, admin);
    userId = reply.user.id;
    created.push(userId);
    expect(reply.user).toMatchObject({
      username: draft.username,
      office: 'FRA-CDG',
      clearance: 'confidential',
      enabled: true,
      requiredActions: expect.arrayContaining(['UPDATE_PASSWORD', 'UPDATE_PROFILE']),
    });
    expect([...reply.user.roles].sort()).toEqual(['analyst', 'officer']);
    expect(reply.temporaryPassword.length).toBeGreaterThanOrEqual(12);

    // With its temporary password and required actions, Keycloak does not hand out a token yet.
    const first = await signIn(draft.username, reply.temporaryPassword);
    expect(first.ok).toBe(false);

    await finishFirstSignIn(userId, password);
    const response = await signIn(draft.username, password);
    expect(response.status).toBe(200);
    const claims = decodeJwtPayload(
      ((await response.json()) as { access_token: string }).access_token,
    );
    expect(claims.office).toBe('FRA-CDG');
    expect(claims.clearance).toBe('confidential');
    expect((claims.realm_access as { roles: string[] }).roles).toEqual(
      expect.arrayContaining(['officer', 'analyst']),
    );
  });

  it('answers services who the recipients are, with their language and e-mail, and refuses a user', async () => {
    const named = await service.send(listUserRecipients, { users: [userId, 'no-such-user'] });
    expect(named.items).toEqual([
      { id: userId, office: 'FRA-CDG', locale: 'en', email: draft.email },
    ]);
    const supervisors = await service.send(listUserRecipients, {
      office: 'FRA-CDG',
      role: 'supervisor',
    });
    const demoSupervisor = (
      await service.send(listUsers, { text: 'supervisor', office: 'FRA-CDG' }, admin)
    ).items.find((user) => user.username === 'supervisor');
    expect(supervisors.items.map((item) => item.id)).toContain(demoSupervisor!.id);
    expect(supervisors.items.map((item) => item.id)).not.toContain(userId);
    await expect(
      service.send(listUserRecipients, { users: [userId] }, admin),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      service.send(listUserRecipients, { role: 'supervisor' } as never),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('refuses a taken username, an unknown office, and another office’s supervisor', async () => {
    await expect(
      service.send(createUser, { ...draft, email: `it-other-${suffix}@example.org` }, admin),
    ).rejects.toMatchObject({ code: 'CONFLICT', details: [{ path: 'username' }] });
    await expect(
      service.send(createUser, { ...draft, username: `it-other-${suffix}` }, admin),
    ).rejects.toMatchObject({ code: 'CONFLICT', details: [{ path: 'email' }] });
    await expect(
      service.send(
        createUser,
        { ...draft, username: `it-nowhere-${suffix}`, office: 'XXX-NONE' },
        admin,
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'office' }] });
    const nowhere = await service.send(listUsers, { text: `it-nowhere-${suffix}` }, admin);
    expect(nowhere.items).toEqual([]);
    await expect(service.send(getUser, { id: userId }, otherSupervisor)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const listed = await service.send(listUsers, { text: draft.username }, admin);
    expect(listed.items.map((user) => user.id)).toEqual([userId]);
    expect(JSON.stringify(listed)).not.toMatch(/password|credential/i);
  });

  it('lists each user with their roles (read per role), and shows a role change at once', async () => {
    const byText = async (role?: 'analyst') =>
      (await service.send(listUsers, { text: draft.username, ...(role ? { role } : {}) }, admin))
        .items;
    expect([...(await byText())[0]!.roles].sort()).toEqual(['analyst', 'officer']);
    expect((await byText('analyst')).map((user) => user.id)).toEqual([userId]);

    await service.send(changeUserRoles, { id: userId, roles: ['officer'] }, admin);
    expect((await byText())[0]?.roles).toEqual(['officer']);
    expect(await byText('analyst')).toEqual([]);
    await service.send(changeUserRoles, { id: userId, roles: draft.roles }, admin);
    expect((await byText('analyst')).map((user) => user.id)).toEqual([userId]);
  });

  it('refuses the sign-in of a disabled user, and accepts it once enabled again', async () => {
    expect((await service.send(disableUser, { id: userId }, admin)).enabled).toBe(false);
    expect((await signIn(draft.username, password)).ok).toBe(false);
    expect((await service.send(enableUser, { id: userId }, admin)).enabled).toBe(true);
    expect((await signIn(draft.username, password)).status).toBe(200);
  });

  it('records the last sign-in, locks after 91 days unused, and an unlock lets them in again', async () => {
    await eventually(
      async () => {
        await service.loginEvents.pass();
        const user = await service.send(getUser, { id: userId }, admin);
        if (!user.lastLoginAt) throw new Error('no sign-in recorded yet');
        return user;
      },
      15_000,
      'the sign-in read from the login events',
    );
    expect(await service.lifecycle.forUser(userId)).toBe('none');

    service.clock.advance(91 * DAY_MS);
    expect(await service.lifecycle.forUser(userId)).toBe('lock');
    const locked = await service.send(getUser, { id: userId }, admin);
    expect(locked.enabled).toBe(false);
    expect(locked.lock).toMatchObject({ reason: 'inactivity' });
    const lockedOnes = await service.send(listUsers, { text: draft.username, locked: true }, admin);
    expect(lockedOnes.items.map((user) => user.id)).toEqual([userId]);
    expect(lockedOnes.items[0]?.lock).toMatchObject({ reason: 'inactivity' });
    expect(
      (await service.send(listUsers, { text: draft.username, locked: false }, admin)).items,
    ).toEqual([]);
    expect((await signIn(draft.username, password)).ok).toBe(false);
    await expect(service.send(enableUser, { id: userId }, admin)).rejects.toMatchObject({
      code: 'CONFLICT',
    });

    const unlocked = await service.send(unlockUser, { id: userId }, admin);
    expect(unlocked.enabled).toBe(true);
    expect(unlocked.lock).toBeUndefined();
    expect((await signIn(draft.username, password)).status).toBe(200);
    // The period starts again at the unlock.
    expect(await service.lifecycle.forUser(userId)).toBe('none');
  });

  it('turns five failed sign-ins into one login-failures event', async () => {
    for (let attempt = 0; attempt < 5; attempt++) {
      const response = await signIn(draft.username, 'not-the-password');
      expect(response.status).toBe(401);
    }
    await eventually(
      async () => {
        await service.loginEvents.pass();
        if (!(await userEventTypes(userId)).includes('auth.user.login-failures.v1')) {
          throw new Error('no login-failures event yet');
        }
      },
      15_000,
      'the failed sign-ins read from the login events',
    );
  });

  it('publishes an event for every change, never with a password', async () => {
    const types = await userEvents(userId, [
      'auth.user.created.v1',
      'auth.user.roles-changed.v1',
      'auth.user.disabled.v1',
      'auth.user.enabled.v1',
      'auth.user.locked.v1',
      'auth.user.unlocked.v1',
      'auth.user.login-failures.v1',
    ]);
    expect(types).toEqual([
      'auth.user.created.v1',
      // The listing test takes a role away and gives it back.
      'auth.user.roles-changed.v1',
      'auth.user.roles-changed.v1',
      'auth.user.disabled.v1',
      'auth.user.enabled.v1',
      'auth.user.locked.v1',
      'auth.user.unlocked.v1',
      'auth.user.login-failures.v1',
    ]);
    const events = (await storedEvents<CloudEvent>(service.nats, 'events.auth.user.>')).filter(
      (event) => event.subject === userId,
    );
    expect(JSON.stringify(events)).not.toContain(password);
    expect(events[0]).toMatchObject({
      actor: admin.sub,
      data: { userId, office: 'FRA-CDG', clearance: 'confidential' },
    });
  });

  it('feeds the audit chain: each change is an administration entry on the user', async () => {
    const trail = await eventually(
      async () => {
        const page = await service.send(auditRecordTrail, { kind: 'user', id: userId }, auditor);
        if (page.total < 6) throw new Error(`${page.total} entries so far`);
        return page;
      },
      20_000,
      'the user events in the audit trail',
    );
    expect(new Set(trail.entries.map((entry) => entry.action))).toEqual(
      new Set(['administration']),
    );
    expect(trail.entries.map((entry) => entry.operation)).toEqual(
      expect.arrayContaining([
        'auth.user.created.v1',
        'auth.user.locked.v1',
        'auth.user.unlocked.v1',
      ]),
    );
  });
});
