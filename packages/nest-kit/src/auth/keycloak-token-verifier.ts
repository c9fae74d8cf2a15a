import { type Principal, ROLES, type Role, classificationSchema } from '@opencen/contracts';
import KeycloakConnect from 'keycloak-connect';
import { ServiceError } from '../errors/service-error';

export interface KeycloakTokenVerifierOptions {
  /** Keycloak's base URL, e.g. http://127.0.0.1:8180; must match the tokens' issuer. */
  keycloakUrl: string;
  realm: string;
  /** The client that checks tokens (the gateway); tokens must name it in `aud`. */
  clientId: string;
}

interface AccessTokenClaims {
  sub?: string;
  preferred_username?: string;
  office?: string;
  clearance?: string;
  realm_access?: { roles?: string[] };
  /** The client the token was issued to (authorized party), e.g. `opencen-web`. */
  azp?: string;
}

/** Who a valid token belongs to, and the client application it was issued to. */
export interface VerifiedToken {
  principal: Principal;
  /** The token's `azp`: the client the user signed in with (the audit trail records it). */
  clientId?: string;
}

/**
 * Verifies bearer tokens with keycloak-connect: signature against the realm's published keys,
 * expiry, issuer, token type and audience. keycloak-connect is marked deprecated by its authors,
 * so it stays behind this one class and can be replaced (e.g. by jose and the realm's JWKS)
 * without touching any route.
 */
export class KeycloakTokenVerifier {
  private readonly grantManager: KeycloakConnect.GrantManager;

  constructor(options: KeycloakTokenVerifierOptions) {
    const keycloak = new KeycloakConnect({}, {
      realm: options.realm,
      'auth-server-url': options.keycloakUrl,
      resource: options.clientId,
      'bearer-only': true,
      'ssl-required': 'external',
      'confidential-port': 0,
      'verify-token-audience': true,
    } as unknown as KeycloakConnect.KeycloakConfig);
    this.grantManager = keycloak.grantManager;
  }

  /** The principal of a valid token; UNAUTHENTICATED with the reason otherwise. */
  async verify(accessToken: string): Promise<Principal> {
    return (await this.verifyToken(accessToken)).principal;
  }

  /** The principal and the client of a valid token; UNAUTHENTICATED with the reason otherwise. */
  async verifyToken(accessToken: string): Promise<VerifiedToken> {
    let claims: AccessTokenClaims;
    try {
      const grant = await this.grantManager.createGrant({ access_token: accessToken } as never);
      claims = (grant.access_token as unknown as { content: AccessTokenClaims }).content;
    } catch (error) {
      const reason =
        error instanceof Error
          ? error.message.replace(/^Grant validation failed\. Reason: /, '')
          : 'invalid token';
      throw new ServiceError('UNAUTHENTICATED', `The bearer token was refused: ${reason}`);
    }
    const principal = principalFromClaims(claims);
    return typeof claims.azp === 'string' && claims.azp.length > 0
      ? { principal, clientId: claims.azp }
      : { principal };
  }
}

const KNOWN_ROLES = new Set<string>(ROLES);

/** Maps the realm's access-token claims to the principal that travels between services. */
export function principalFromClaims(claims: AccessTokenClaims): Principal {
  if (!claims.sub || !claims.preferred_username) {
    throw new ServiceError('UNAUTHENTICATED', 'The bearer token has no subject or username');
  }
  const clearance = classificationSchema.safeParse(claims.clearance);
  const roles = (claims.realm_access?.roles ?? []).filter((role): role is Role =>
    KNOWN_ROLES.has(role),
  );
  return {
    sub: claims.sub,
    username: claims.preferred_username,
    roles,
    ...(claims.office ? { office: claims.office } : {}),
    // A clearance the code does not know counts as none, the lowest (contracts' clearanceOf).
    ...(clearance.success ? { clearance: clearance.data } : {}),
  };
}
