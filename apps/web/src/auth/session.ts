import { ROLES, type Role } from '@opencen/contracts';

/** Who is signed in, as the app shows it and decides what to offer. */
export interface Session {
  sub: string;
  username: string;
  name: string;
  office?: string;
  roles: Role[];
}

interface AccessTokenClaims {
  sub?: string;
  preferred_username?: string;
  name?: string;
  office?: string;
  realm_access?: { roles?: string[] };
}

/** Decodes the claims of a JWT without checking it (the gateway checks it on every call). */
export function decodeClaims(token: string): AccessTokenClaims {
  const payload = token.split('.')[1] ?? '';
  const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
  const json = new TextDecoder().decode(
    Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (c) =>
      c.charCodeAt(0),
    ),
  );
  return JSON.parse(json) as AccessTokenClaims;
}

/** The session of an access token: its roles narrowed to OpenCEN's (Keycloak adds its own). */
export function sessionFromAccessToken(token: string): Session {
  const claims = decodeClaims(token);
  const known: readonly string[] = ROLES;
  const roles = (claims.realm_access?.roles ?? []).filter((role): role is Role =>
    known.includes(role),
  );
  const username = claims.preferred_username ?? claims.sub ?? '';
  return {
    sub: claims.sub ?? '',
    username,
    name: claims.name ?? username,
    ...(claims.office ? { office: claims.office } : {}),
    roles,
  };
}
