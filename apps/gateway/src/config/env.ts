import { baseEnvSchema, loadEnv } from '@opencen/nest-kit';
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

/**
 * The gateway's environment. It owns no database, so the MongoDB variables of the services are
 * left out; every variable is listed with a comment in `.env.example`.
 */
export const gatewayEnvSchema = baseEnvSchema
  .omit({
    MONGO_URL: true,
    MONGO_DB: true,
    OUTBOX_RECOVERY_INTERVAL_MS: true,
    MONGO_KEY_ACCESS_GUARD: true,
    MONGO_KEY_ACCESS_LOG: true,
  })
  .extend({
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    KEYCLOAK_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .default('http://127.0.0.1:8180')
      .transform((url) => url.replace(/\/+$/, '')),
    KEYCLOAK_REALM: z.string().min(1).default('opencen'),
    KEYCLOAK_CLIENT_ID: z.string().min(1).default('opencen-gateway'),
    RATE_LIMIT_WINDOW_MS: positiveInt.default(60_000),
    RATE_LIMIT_MAX: positiveInt.default(600),
    TRUST_PROXY_HOPS: z.coerce.number().int().min(0).default(0),
    BODY_LIMIT_BYTES: positiveInt.default(256 * 1024),
    /** How often a notification stream writes a heartbeat comment, in ms. */
    NOTIFICATIONS_HEARTBEAT_MS: positiveInt.default(15_000),
  });

export type GatewayEnv = z.output<typeof gatewayEnvSchema>;

/** Reads and validates the environment; throws, naming each bad variable, when it is wrong. */
export function loadGatewayEnv(env: NodeJS.ProcessEnv = process.env): GatewayEnv {
  return loadEnv(gatewayEnvSchema, env);
}
