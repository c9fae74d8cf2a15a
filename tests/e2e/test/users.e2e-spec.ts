import { randomBytes } from 'node:crypto';
import { type AuditEntry, type User } from '@opencen/contracts';
import {
  decodeJwtPayload,
  deleteRealmUser,
  eventually,
  finishFirstSignIn,
  signIn,
} from '@opencen/testing';
import { type ProblemBody, api } from './support/gateway';

// Users through the gateway, over the auth service and the real Keycloak: an admin creates an
// officer, who signs in with a real token carrying the office, roles and clearance given; a
// supervisor of another office does not see them; disabled, the officer cannot sign in; the
// auditor finds the creation in the trail of that user.

const suffix = randomBytes(4).toString('hex');
const PASSWORD = `E2e-${randomBytes(6).toString('hex')}`;

describe('users through the gateway', () => {
  let user: User;

  afterAll(async () => {
    // Users are never deleted through OpenCEN (they are disabled); the test's one goes.
    if (user) await deleteRealmUser(user.id);
  });

  beforeAll(async () => {
    const created = await api<{ user: User; temporaryPassword: string }>('/api/v1/users', {
      method: 'POST',
      as: 'admin',
      body: {
        username: `e2e.officer.${suffix}`,
        firstName: 'Eve',
        lastName: 'Tester',
        email: `e2e.officer.${suffix}@opencen.local`,
        office: 'FRA-LEH',
        roles: ['officer'],
        clearance: 'confidential',
      },
    });
    expect(created.status).toBe(201);
    user = created.body.user;
    expect(created.body.temporaryPassword).toEqual(expect.any(String));
    expect(user).toMatchObject({ office: 'FRA-LEH', roles: ['officer'], enabled: true });
  });

  it('a user created by an admin signs in, and the token carries office, roles and clearance', async () => {
    // At the first sign-in Keycloak asks for a new password and the profile: the user's own steps
    // in a browser, taken here through Keycloak's admin API.
    await finishFirstSignIn(user.id, PASSWORD);
    const response = await signIn(user.username, PASSWORD);
    expect(response.status).toBe(200);
    const claims = decodeJwtPayload(
      ((await response.json()) as { access_token: string }).access_token,
    );
    expect(claims).toMatchObject({
      preferred_username: user.username,
      office: 'FRA-LEH',
      clearance: 'confidential',
      realm_access: { roles: expect.arrayContaining(['officer']) },
    });
  });

  it('is read by an admin, not found by a supervisor of another office, forbidden to an officer', async () => {
    const asAdmin = await api<User>(`/api/v1/users/${user.id}`, { as: 'admin' });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body.username).toBe(user.username);
    const asSupervisor = await api<ProblemBody>(`/api/v1/users/${user.id}`, { as: 'supervisor' });
    expect(asSupervisor.status).toBe(404);
    const asOfficer = await api<ProblemBody>(`/api/v1/users/${user.id}`, { as: 'officer' });
    expect(asOfficer.status).toBe(403);
  });

  it('disabled, the user cannot sign in; enabled again, they can', async () => {
    const disabled = await api<User>(`/api/v1/users/${user.id}/disable`, {
      method: 'POST',
      as: 'admin',
      body: {},
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body.enabled).toBe(false);
    expect((await signIn(user.username, PASSWORD)).status).toBe(400);
    const enabled = await api<User>(`/api/v1/users/${user.id}/enable`, {
      method: 'POST',
      as: 'admin',
      body: {},
    });
    expect(enabled.status).toBe(200);
    expect((await signIn(user.username, PASSWORD)).status).toBe(200);
  });

  it("the auditor finds the user's creation and changes in the trail", async () => {
    await eventually(
      async () => {
        const trail = await api<{ entries: AuditEntry[] }>(
          `/api/v1/audit/records/user/${user.id}?limit=200`,
          { as: 'auditor' },
        );
        const operations = trail.body.entries.map((entry) => entry.operation);
        for (const expected of ['auth.user.created.v1', 'auth.user.disabled.v1']) {
          if (!operations.includes(expected)) throw new Error(`${expected} not in ${operations}`);
        }
        // Reads of the user through the gateway are there too.
        expect(operations).toContain('getUser');
      },
      20_000,
      "the user's trail",
    );
  });
});
