/**
 * Identity on the wire (ARCHITECTURE.md, "Identity on the wire"): the gateway verifies the token
 * and forwards who is calling in NATS headers; every service decodes it here and applies its own
 * rules.
 */
import { z } from 'zod';

import { classificationSchema } from './classification';
import { detailsFromZodError } from './errors';

/** Realm roles of the `opencen` Keycloak realm. */
export const ROLES = [
  'officer',
  'supervisor',
  'investigator',
  'analyst',
  'liaison',
  'admin',
  'integration',
  'auditor',
] as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** Schema of a {@link Role}. */
export const roleSchema = z.enum(ROLES);

/** Who is calling, as forwarded by the gateway. */
export const principalSchema = z.object({
  sub: z.string().min(1).describe('Keycloak subject id of the user or service account'),
  username: z.string().min(1),
  roles: z.array(roleSchema),
  office: z.string().min(1).optional().describe('Customs office code that scopes an officer'),
  clearance: classificationSchema
    .optional()
    .describe('The highest classification the caller may read; restricted when absent'),
});

/** Who is calling, as forwarded by the gateway. */
export type Principal = z.infer<typeof principalSchema>;

/** NATS header names that the gateway sets and services read. */
export const HEADERS = {
  /** The {@link Principal}, encoded by {@link encodePrincipalHeader}. */
  principal: 'x-opencen-principal',
  /** The id that ties together every request and event caused by one client call. */
  correlationId: 'x-correlation-id',
  /** The id of the message (request or event) that directly caused this one. */
  causationId: 'x-causation-id',
  /** The client's `Idempotency-Key` of a creating request; never passed on to further requests. */
  idempotencyKey: 'x-opencen-idempotency-key',
} as const;

/** Thrown when a principal header cannot be encoded or decoded; says why, never what it held. */
export class InvalidPrincipalHeaderError extends Error {
  override readonly name = 'InvalidPrincipalHeaderError';
}

/**
 * Keeps the values that are known {@link ROLES}, without duplicates, in their first order. Tokens
 * carry Keycloak's own roles (`offline_access`, `default-roles-opencen`) and may carry roles newer
 * than this code; dropping them instead of failing lets an older service keep working.
 */
export function knownRoles(values: readonly unknown[]): Role[] {
  const roles: Role[] = [];
  for (const value of values) {
    const parsed = roleSchema.safeParse(value);
    if (parsed.success && !roles.includes(parsed.data)) roles.push(parsed.data);
  }
  return roles;
}

// A principal is a few hundred bytes; anything far larger is not one of ours.
const MAX_HEADER_LENGTH = 8192;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Encodes a principal for the {@link HEADERS.principal} header: base64url of its JSON, since NATS
 * header values must not contain line breaks and usernames may hold any character. Throws
 * {@link InvalidPrincipalHeaderError} if `principal` does not match {@link principalSchema}.
 */
export function encodePrincipalHeader(principal: Principal): string {
  const parsed = principalSchema.safeParse(principal);
  if (!parsed.success) {
    throw new InvalidPrincipalHeaderError(
      `Cannot encode principal: ${describeIssues(parsed.error)}`,
    );
  }
  return Buffer.from(JSON.stringify(parsed.data), 'utf8').toString('base64url');
}

/**
 * Decodes and validates the {@link HEADERS.principal} header. Unknown roles are dropped (see
 * {@link knownRoles}); anything else that is wrong throws {@link InvalidPrincipalHeaderError}.
 *
 * The header is not signed: it is trusted because only the gateway and services may publish on
 * request subjects (NATS authorization). Decoding catches corruption and malformed senders, not a
 * forger with publish rights.
 */
export function decodePrincipalHeader(header: string): Principal {
  if (typeof header !== 'string' || header.length === 0) {
    throw new InvalidPrincipalHeaderError('Principal header is missing or empty');
  }
  if (header.length > MAX_HEADER_LENGTH) {
    throw new InvalidPrincipalHeaderError(
      `Principal header is longer than ${MAX_HEADER_LENGTH} characters`,
    );
  }
  // Buffer's decoder skips characters outside the alphabet, so check it first; the round trip then
  // rejects impossible lengths and non-zero padding bits, which a clean encoder never produces.
  const bytes = Buffer.from(header, 'base64url');
  if (!BASE64URL.test(header) || bytes.toString('base64url') !== header) {
    throw new InvalidPrincipalHeaderError('Principal header is not canonical base64url');
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new InvalidPrincipalHeaderError('Principal header does not hold UTF-8 JSON');
  }
  const parsed = principalSchema.safeParse(withKnownRoles(json));
  if (!parsed.success) {
    throw new InvalidPrincipalHeaderError(
      `Invalid principal header: ${describeIssues(parsed.error)}`,
    );
  }
  return parsed.data;
}

function withKnownRoles(json: unknown): unknown {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return json;
  const roles: unknown = (json as { roles?: unknown }).roles;
  return Array.isArray(roles) ? { ...json, roles: knownRoles(roles) } : json;
}

function describeIssues(error: z.ZodError): string {
  return detailsFromZodError(error)
    .map((detail) => `${detail.path === '' ? '(principal)' : detail.path}: ${detail.reason}`)
    .join('; ');
}
