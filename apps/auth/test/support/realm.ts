import { decodeJwtPayload, keycloakAdminHeaders } from '@opencen/testing';

/**
 * The realm-management roles the `opencen-auth` service account holds. Its client has
 * `fullScopeAllowed: false`, so they reach its token only through the client scope mappings that
 * infra/keycloak/opencen-realm.json declares (`clientScopeMappings`).
 */
export const AUTH_ADMIN_ROLES = [
  'view-users',
  'query-users',
  'manage-users',
  'view-events',
  'view-realm',
] as const;

const REALM = 'opencen';

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A token of the `opencen-auth` service account (client credentials). */
export async function serviceAccountToken(
  keycloakUrl: string,
  secret = 'opencen-auth-local-dev-secret',
): Promise<string> {
  const response = await fetch(`${keycloakUrl}/realms/${REALM}/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'opencen-auth',
      client_secret: secret,
    }),
  });
  return (await json<{ access_token: string }>(response, 'service account token')).access_token;
}

/**
 * Gives the running Keycloak the realm file's client scope mappings of `opencen-auth` when its
 * realm was imported from an older file without them (a running Keycloak never re-reads the file):
 * through the local stack's bootstrap admin, in tests only. Adding a mapping twice is a no-op.
 */
export async function ensureAuthServiceAccountScope(keycloakUrl: string): Promise<void> {
  const token = await serviceAccountToken(keycloakUrl);
  const access = decodeJwtPayload(token).resource_access as
    Record<string, { roles?: string[] }> | undefined;
  const held = access?.['realm-management']?.roles ?? [];
  if (AUTH_ADMIN_ROLES.every((role) => held.includes(role))) return;

  const headers = await keycloakAdminHeaders(keycloakUrl);
  const base = `${keycloakUrl}/admin/realms/${REALM}`;
  const clientId = async (name: string) => {
    const [client] = await json<{ id: string }[]>(
      await fetch(`${base}/clients?clientId=${name}`, { headers }),
      `client ${name}`,
    );
    if (!client) throw new Error(`The realm has no client ${name}`);
    return client.id;
  };
  const auth = await clientId('opencen-auth');
  const management = await clientId('realm-management');
  const roles = [];
  for (const role of AUTH_ADMIN_ROLES) {
    roles.push(
      await json<unknown>(
        await fetch(`${base}/clients/${management}/roles/${role}`, { headers }),
        `role ${role}`,
      ),
    );
  }
  const response = await fetch(`${base}/clients/${auth}/scope-mappings/clients/${management}`, {
    method: 'POST',
    headers,
    body: JSON.stringify(roles),
  });
  if (!response.ok) {
    throw new Error(
      `Adding the scope mappings failed: ${response.status} ${await response.text()}`,
    );
  }
}
