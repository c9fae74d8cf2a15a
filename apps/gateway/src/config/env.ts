import { baseEnvSchema, loadEnv } from '@opencen/nest-kit';
import path from 'node:path';
import { z } from 'zod';

/** A variable left empty (as in .env.example) is unset. */
const emptyAsUnset = (value: unknown) => (value === '' ? undefined : value);

const positiveInt = z.coerce.number().int().positive();

/**
 * The key of the criteria hashes on local runs and in tests. It is public (it is in the
 * repository), so a production boot refuses it and requires AUDIT_CRITERIA_HMAC_KEY.
 */
export const LOCAL_AUDIT_CRITERIA_HMAC_KEY = 'opencen-local-audit-criteria-key-not-for-production';

/**
 * The gateway's environment. It owns no database, so the MongoDB variables of the services are
 * left out; every variable is listed with a comment in `.env.example`.
 */
export const gatewayEnvShape = baseEnvSchema
  .omit({
    MONGO_URL: true,
    MONGO_DB: true,
    OUTBOX_HEARTBEAT_MS: true,
    OUTBOX_MARKER_GRACE_MS: true,
    MONGO_KEY_ACCESS_GUARD: true,
    MONGO_KEY_ACCESS_LOG: true,
    IDEMPOTENCY_KEY_RETENTION_MS: true,
    IDEMPOTENCY_LEASE_MS: true,
    IDEMPOTENCY_CLEANUP_INTERVAL_MS: true,
  })
  .extend({
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    KEYCLOAK_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .default('http://127.0.0.1:8180')
      .transform((url) => url.replace(/\/+$/, '')),
    KEYCLOAK_REALM: z.string().min(1).default('opencen'),
    /**
     * Keycloak's base URL as the officers' browsers reach it (the web app logs in there), when it
     * is not KEYCLOAK_URL (e.g. the gateway reaches Keycloak on a private network name).
     */
    KEYCLOAK_PUBLIC_URL: z.preprocess(
      emptyAsUnset,
      z
        .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
        .transform((url) => url.replace(/\/+$/, ''))
        .optional(),
    ),
    /** The public client of the web app in the realm. */
    WEB_CLIENT_ID: z.string().min(1).default('opencen-web'),
    /**
     * The web app's build (apps/web/dist) that the gateway serves at `/`; nothing is served there
     * when it holds no index.html.
     */
    WEB_DIST_DIR: z.preprocess(
      emptyAsUnset,
      z
        .string()
        .min(1)
        .default(path.resolve(__dirname, '..', '..', '..', 'web', 'dist')),
    ),
    KEYCLOAK_CLIENT_ID: z.string().min(1).default('opencen-gateway'),
    RATE_LIMIT_WINDOW_MS: positiveInt.default(60_000),
    RATE_LIMIT_MAX: positiveInt.default(600),
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).default(0),
    BODY_LIMIT_BYTES: positiveInt.default(256 * 1024),
    /**
     * How long a read of personal data waits for the audit stream to store its access record;
     * past it, the read is refused (503) rather than answered unaudited.
     */
    AUDIT_PUBLISH_TIMEOUT_MS: positiveInt.default(2000),
    /**
     * The secret that keys the hashes of identifying search criteria (document, registration and
     * plate numbers) in access records: `hmac-sha256:<hex>`, so that an auditor who knows a number
     * and the key finds who searched for it, and nobody else reads it from the trail.
     */
    AUDIT_CRITERIA_HMAC_KEY: z.preprocess(
      (value) => (value === '' ? undefined : value), // left empty in .env.example
      z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)').optional(),
    ),
    /**
     * `skip` publishes no access record: only for a benchmark measuring what the audit costs
     * (bench/audit.mjs), and refused unless NODE_ENV is `test`.
     */
    AUDIT_READS: z.enum(['record', 'skip']).default('record'),
    /** How often a notification stream writes a heartbeat comment, in ms. */
    NOTIFICATIONS_HEARTBEAT_MS: positiveInt.default(15_000),
  });

/** The gateway's environment, with the local criteria key refused in production. */
export const gatewayEnvSchema = gatewayEnvShape.transform((env, context) => {
  if (env.AUDIT_CRITERIA_HMAC_KEY === undefined && env.NODE_ENV === 'production') {
    context.addIssue({
      code: 'custom',
      path: ['AUDIT_CRITERIA_HMAC_KEY'],
      message:
        'is required in production: generate one with `openssl rand -hex 32` and keep it secret',
    });
  }
  if (env.AUDIT_READS === 'skip' && env.NODE_ENV !== 'test') {
    context.addIssue({
      code: 'custom',
      path: ['AUDIT_READS'],
      message: 'skip is for benchmarks only (NODE_ENV=test): reads of personal data are recorded',
    });
  }
  return {
    ...env,
    AUDIT_CRITERIA_HMAC_KEY: env.AUDIT_CRITERIA_HMAC_KEY ?? LOCAL_AUDIT_CRITERIA_HMAC_KEY,
  };
});

export type GatewayEnv = z.output<typeof gatewayEnvSchema>;

/** Reads and validates the environment; throws, naming each bad variable, when it is wrong. */
export function loadGatewayEnv(env: NodeJS.ProcessEnv = process.env): GatewayEnv {
  return loadEnv(gatewayEnvSchema, env);
}
