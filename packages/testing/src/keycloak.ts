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
] as const;
export type DemoUser = (typeof DEMO_USERS)[number];
export const DEMO_PASSWORD = 'opencen';

export interface TokenSet {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  token_type: string;
}

/** A real access token for a demo user, from the realm's token endpoint (password grant). */
export async function demoUserToken(
  user: DemoUser,
  keycloakUrl = testInfrastructure().keycloakUrl,
): Promise<TokenSet> {
  const response = await fetch(
    `${keycloakUrl}/realms/${TEST_REALM}/protocol/openid-connect/token`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        client_id: TEST_CLIENT_ID,
        username: user,
        password: DEMO_PASSWORD,
        scope: 'openid',
      }),
    },
  );
  if (!response.ok) {
    throw new Error(
      `Keycloak refused a token for ${user}: ${response.status} ${await response.text()}`,
    );
  }
  return (await response.json()) as TokenSet;
}

/** The decoded claims of a JWT, without verifying it (tests use it to build tampered tokens). */
export function decodeJwtPayload(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (!payload) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
