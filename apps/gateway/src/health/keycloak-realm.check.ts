import { type ReadinessCheck } from '@opencen/nest-kit';

/**
 * Keycloak is ready for the gateway when it publishes the realm (whose public keys verify
 * tokens). Reads `<keycloak>/realms/<realm>`, a public endpoint.
 */
export function keycloakRealmCheck(keycloakUrl: string, realm: string): ReadinessCheck {
  const url = `${keycloakUrl}/realms/${encodeURIComponent(realm)}`;
  return {
    name: 'keycloak',
    async check() {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (!response.ok) throw new Error(`${url} answered ${response.status}`);
      const body = (await response.json()) as { realm?: unknown };
      if (body.realm !== realm) throw new Error(`${url} does not describe the realm ${realm}`);
    },
  };
}
