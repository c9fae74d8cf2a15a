import { type Principal } from '@opencen/contracts';

/**
 * Checks a bearer token and says who it belongs to; throws a ServiceError UNAUTHENTICATED when
 * the token is not acceptable. Implemented by nest-kit's KeycloakTokenVerifier (keycloak-connect);
 * the port keeps it replaceable without touching any route.
 */
export interface TokenVerifier {
  verify(accessToken: string): Promise<Principal>;
}

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
