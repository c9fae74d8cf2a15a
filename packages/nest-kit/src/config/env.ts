import { z } from 'zod';

/** Variables every service reads; a service extends this schema with its own. */
export const baseEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  NATS_URL: z
    .string()
    .regex(/^(nats|tls|ws|wss):\/\//, 'must be a nats:// URL')
    .default('nats://127.0.0.1:4223'),
  MONGO_URL: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL')
    .default('mongodb://127.0.0.1:27018/'),
  /** Overrides the database name, which defaults to the service name (tests use one per file). */
  MONGO_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, 'letters, digits, _ and - only')
    .optional(),
  HTTP_HOST: z.string().default('127.0.0.1'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535),
  /**
   * Port of the Prometheus listener (`GET /metrics`, see MetricsServer), apart from the app's
   * HTTP port; unset: no listener; 0: a free port (tests), logged at start.
   */
  METRICS_PORT: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.coerce.number().int().min(0).max(65535).optional(),
  ),
  /** Interface of the metrics listener: loopback unless Prometheus scrapes from elsewhere. */
  METRICS_HOST: z.string().default('127.0.0.1'),
  /**
   * Where spans go by OTLP/HTTP (`<endpoint>/v1/traces`: an OpenTelemetry Collector, Jaeger);
   * unset: no tracing. The other OTEL_* variables of the SDK apply (e.g. OTEL_BSP_SCHEDULE_DELAY).
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  ),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  NATS_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(5000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(10_000),
  /**
   * How often the outbox relay renews its replica's heartbeat (outbox_replicas) and runs the
   * recovery pass; a replica three beats late has crashed, and its pending events are taken over
   * (OutboxRelay). The takeover after a crash comes within about four beats.
   */
  OUTBOX_HEARTBEAT_MS: z.coerce.number().int().min(100).default(5_000),
  /**
   * How old a pending marker of a replica that still beats must be before the recovery pass takes
   * it over (the replica lives but does not publish): a working one clears its own within moments.
   */
  OUTBOX_MARKER_GRACE_MS: z.coerce.number().int().positive().default(60_000),
  /**
   * Watches every command sent to MongoDB for a query of a growing collection that is not by
   * `_id` (see KeyAccessGuard): `warn` logs each new shape once, `record` also appends it to
   * MONGO_KEY_ACCESS_LOG, where the test tiers read it and fail the test. Off in production.
   */
  MONGO_KEY_ACCESS_GUARD: z.enum(['off', 'warn', 'record']).default('off'),
  MONGO_KEY_ACCESS_LOG: z.string().min(1).optional(),
  /** How long an `Idempotency-Key` answers its first result (IdempotencyKeys). */
  IDEMPOTENCY_KEY_RETENTION_MS: z.coerce.number().int().positive().default(86_400_000),
  /** How long a request under a key is taken to be running: a replay within it gets 409. */
  IDEMPOTENCY_LEASE_MS: z.coerce.number().int().positive().default(30_000),
  /** How often expired idempotency keys are removed; 0 turns the cleanup job off. */
  IDEMPOTENCY_CLEANUP_INTERVAL_MS: z.coerce.number().int().min(0).default(3_600_000),
});

export type BaseEnv = z.infer<typeof baseEnvSchema>;

/** Variables of a service that keeps search indexes; its env schema spreads this shape. */
export const searchEnvShape = {
  /** The search cluster the service's indexes live in (credentials in the URL when it has them). */
  OPENSEARCH_URL: z
    .string()
    .regex(/^https?:\/\//, 'must be an http:// or https:// URL')
    .default('http://127.0.0.1:9210'),
  /**
   * Put before every index and alias name of the service: tests give each file its own, and
   * several deployments can share one cluster.
   */
  OPENSEARCH_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,80}$|^$/, 'lowercase letters, digits, _ and - only')
    .default(''),
};

export type SearchEnv = z.infer<z.ZodObject<typeof searchEnvShape>>;

/** Thrown at boot when the environment does not match the service's schema. */
export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: { variable: string; reason: string }[]) {
    super(
      'Invalid environment: ' +
        problems.map((p) => `${p.variable}: ${p.reason}`).join('; ') +
        ". Fix these variables (see the app's .env.example) and start again.",
    );
    this.name = 'InvalidEnvironmentError';
  }
}

/**
 * Validates the environment once at boot, so a bad variable stops the service before it serves
 * anything, with the variable's name in the message.
 */
export function loadEnv<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.output<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new InvalidEnvironmentError(
      result.error.issues.map((issue) => ({
        variable: issue.path.map(String).join('.') || '(environment)',
        reason: issue.message,
      })),
    );
  }
  return result.data;
}
