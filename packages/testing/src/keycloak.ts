import { testInfrastructure } from './infrastructure';

export const TEST_REALM = 'opencen';
export const TEST_CLIENT_ID = 'opencen-cli';
/** Demo users of the local realm (infra/keycloak); the password is local-only. */
export const DEMO_USERS = [
  'officer',
  'officer2',
  'supervisor',
  'investigator',
  'analyst',
  'liaison',
  'admin',
  'auditor',
  'integration',
] as const;
export type DemoUser = (typeof DEMO_USERS)[number];
export const DEMO_PASSWORD = 'opencen';

export interface TokenSet {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  token_type: string;
}

/**
 * A user signing in with the realm's CLI client (password grant), as Keycloak answers it: 200 with
 * tokens, or 400/401 for a disabled account or a wrong password. Tests of who may sign in read the
 * status; {@link demoUserToken} the tokens.
 */
export function signIn(
  username: string,
  password: string,
  keycloakUrl = testInfrastructure().keycloakUrl,
): Promise<Response> {
  return fetch(`${keycloakUrl}/realms/${TEST_REALM}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: TEST_CLIENT_ID,
      username,
      password,
      scope: 'openid',
    }),
  });
}

/** A real access token for a demo user, from the realm's token endpoint (password grant). */
export async function demoUserToken(
  user: DemoUser,
  keycloakUrl = testInfrastructure().keycloakUrl,
): Promise<TokenSet> {
  const response = await signIn(user, DEMO_PASSWORD, keycloakUrl);
  if (!response.ok) {
    throw new Error(
      `Keycloak refused a token for ${user}: ${response.status} ${await response.text()}`,
    );
  }
  return (await response.json()) as TokenSet;
}

/**
 * Headers of the local Keycloak's bootstrap admin (master realm; `KEYCLOAK_ADMIN_USERNAME` and
 * `KEYCLOAK_ADMIN_PASSWORD`, admin/admin by default), for what no OpenCEN API does: a user's own
 * first sign-in steps, deleting a test's users, a realm change a running Keycloak lacks.
 */
export async function keycloakAdminHeaders(
  keycloakUrl = testInfrastructure().keycloakUrl,
): Promise<Record<string, string>> {
  const response = await fetch(`${keycloakUrl}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'admin-cli',
      username: process.env.KEYCLOAK_ADMIN_USERNAME ?? 'admin',
      password: process.env.KEYCLOAK_ADMIN_PASSWORD ?? 'admin',
    }),
  });
  if (!response.ok) {
    throw new Error(`Keycloak refused its bootstrap admin: ${response.status}`);
  }
  const { access_token: token } = (await response.json()) as TokenSet;
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}

/**
 * What a new user does at their first sign-in, done for a test: a permanent password of their
 * choosing, and no required action left.
 */
export async function finishFirstSignIn(
  userId: string,
  password: string,
  keycloakUrl = testInfrastructure().keycloakUrl,
): Promise<void> {
  const headers = await keycloakAdminHeaders(keycloakUrl);
  const user = `${keycloakUrl}/admin/realms/${TEST_REALM}/users/${encodeURIComponent(userId)}`;
  for (const [url, body] of [
    [`${user}/reset-password`, { type: 'password', value: password, temporary: false }],
    [user, { requiredActions: [] }],
  ] as const) {
    const response = await fetch(url, { method: 'PUT', headers, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  }
}

/**
 * Makes sure a demo user of the realm file exists in a running Keycloak whose realm was imported
 * before that user was added to the file (a long-running local stack keeps its realm): when the
 * user cannot sign in, it is created as the file defines it, with its password and realm roles.
 */
export async function ensureDemoUser(
  user: DemoUser,
  keycloakUrl = testInfrastructure().keycloakUrl,
): Promise<void> {
  if ((await signIn(user, DEMO_PASSWORD, keycloakUrl)).ok) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readFileSync } = require('node:fs') as typeof import('node:fs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require('node:path') as typeof import('node:path');
  const realmFile = path.join(
    path.dirname(require.resolve('@opencen/infra-local/package.json')),
    '..',
    'keycloak',
    `${TEST_REALM}-realm.json`,
  );
  const realm = JSON.parse(readFileSync(realmFile, 'utf8')) as {
    users: ({ username: string; realmRoles?: string[] } & Record<string, unknown>)[];
  };
  const definition = realm.users.find((candidate) => candidate.username === user);
  if (!definition) throw new Error(`${user} is not a user of ${realmFile}`);
  const { realmRoles = [], ...representation } = definition;
  const headers = await keycloakAdminHeaders(keycloakUrl);
  const admin = `${keycloakUrl}/admin/realms/${TEST_REALM}`;
  const created = await fetch(`${admin}/users`, {
    method: 'POST',
    headers,
    body: JSON.stringify(representation),
  });
  if (!created.ok && created.status !== 409) {
    throw new Error(`Creating ${user}: ${created.status} ${await created.text()}`);
  }
  const [found] = (await (
    await fetch(`${admin}/users?exact=true&username=${encodeURIComponent(user)}`, { headers })
  ).json()) as { id: string }[];
  const roles = await Promise.all(
    realmRoles.map(async (name) => (await fetch(`${admin}/roles/${name}`, { headers })).json()),
  );
  const mapped = await fetch(`${admin}/users/${found!.id}/role-mappings/realm`, {
    method: 'POST',
    headers,
    body: JSON.stringify(roles),
  });
  if (!mapped.ok) throw new Error(`Roles of ${user}: ${mapped.status} ${await mapped.text()}`);
}

/** Deletes a test's user from the realm (OpenCEN itself only disables users). */
export async function deleteRealmUser(
  userId: string,
  keycloakUrl = testInfrastructure().keycloakUrl,
): Promise<void> {
  await fetch(`${keycloakUrl}/admin/realms/${TEST_REALM}/users/${encodeURIComponent(userId)}`, {
    method: 'DELETE',
    headers: await keycloakAdminHeaders(keycloakUrl),
  });
}

/** The decoded claims of a JWT, without verifying it (tests use it to build tampered tokens). */
export function decodeJwtPayload(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
