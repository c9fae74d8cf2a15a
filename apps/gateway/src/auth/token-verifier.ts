import { type VerifiedToken } from '@opencen/nest-kit';

/**
 * Checks a bearer token and says who it belongs to and which client it was issued to; throws a
 * ServiceError UNAUTHENTICATED when the token is not acceptable. Implemented by nest-kit's
 * KeycloakTokenVerifier (keycloak-connect); the port keeps it replaceable without touching any
 * route.
 */
export interface TokenVerifier {
  verifyToken(accessToken: string): Promise<VerifiedToken>;
}

export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');
