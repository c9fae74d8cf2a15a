import { createHmac, randomBytes } from 'node:crypto';

/** What every secret starts with (Standard Webhooks): `whsec_` then the base64 of the key. */
export const SECRET_PREFIX = 'whsec_';

/** A new secret: 32 random bytes (the HMAC-SHA256 key), base64, after the prefix. */
export function newSecret(random: (size: number) => Buffer = randomBytes): string {
  return `${SECRET_PREFIX}${random(32).toString('base64')}`;
}

/**
 * One signature, `v1,<base64 of HMAC-SHA256("<id>.<timestamp>.<body>")>`, keyed with the bytes the
 * secret's base64 holds (not its text), as the Standard Webhooks specification says.
 */
export function signatureOf(
  secret: string,
  webhookId: string,
  timestampS: number,
  body: string,
): string {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error('Not a webhook secret');
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
  const mac = createHmac('sha256', key).update(`${webhookId}.${timestampS}.${body}`);
  return `v1,${mac.digest('base64')}`;
}

/**
 * The `webhook-signature` header: one signature per secret in use, space separated (during a
 * rotation's overlap, the new one and the previous one), so a receiver that knows either accepts.
 */
export function signatureHeader(
  secrets: readonly string[],
  webhookId: string,
  timestampS: number,
  body: string,
): string {
  return secrets.map((secret) => signatureOf(secret, webhookId, timestampS, body)).join(' ');
}
