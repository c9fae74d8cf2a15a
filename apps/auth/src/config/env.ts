import { baseEnvSchema, searchEnvShape } from '@opencen/nest-kit';
import { z } from 'zod';

/**
 * The Ed25519 seed that signs audit checkpoints on local runs and in tests. It is public (it is in
 * the repository), so a production boot refuses it and requires AUDIT_SIGNING_KEY.
 */
export const LOCAL_AUDIT_SIGNING_KEY =
  'fc84ad828b2d6722ca6a16e086e113e6eb0b17fd1bf9502221c9c6e3e7941824';

/**
 * The secret of the `opencen-auth` client on local runs and in tests (it is in the realm file of
 * the repository), so a production boot refuses it and requires AUTH_ADMIN_CLIENT_SECRET.
 */
export const LOCAL_AUTH_ADMIN_CLIENT_SECRET = 'opencen-auth-local-dev-secret';

const hexKey = z
  .string()
  .trim()
  .regex(/^[0-9a-fA-F]{64}$/, 'must be 32 bytes as 64 hexadecimal digits');

/** The environment of the auth service: the platform's variables and its own. */
export const authEnvSchema = baseEnvSchema
  .extend({
    ...searchEnvShape,
    HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3104),
    /** Ed25519 private key (its 32-byte seed) that signs the audit checkpoints. */
    AUDIT_SIGNING_KEY: hexKey.optional(),
    /** Raw public keys of earlier signing keys, comma-separated: their checkpoints still verify. */
    AUDIT_PREVIOUS_PUBLIC_KEYS: z
      .string()
      .default('')
      .transform((value) =>
        value
          .split(',')
          .map((key) => key.trim())
          .filter(Boolean),
      )
      .pipe(z.array(hexKey)),
    /** A signed checkpoint every this many entries. */
    AUDIT_CHECKPOINT_EVERY: z.coerce.number().int().min(1).max(1_000_000).default(100),
    /**
     * Where the chain's consumers start when they are first created: `start` (every record and
     * event the streams still hold) in deployments; tests take `now`, beside a chain of their own.
     */
    AUDIT_CONSUMERS_FROM: z.enum(['start', 'now']).default('start'),
    /** And at the latest this long after an entry (0: only every AUDIT_CHECKPOINT_EVERY entries). */
    AUDIT_CHECKPOINT_INTERVAL_MS: z.coerce.number().int().min(0).default(300_000),
    /** Keycloak, whose admin API holds the realm's users. */
    KEYCLOAK_URL: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .default('http://127.0.0.1:8180')
      .transform((url) => url.replace(/\/+$/, '')),
    KEYCLOAK_REALM: z.string().min(1).default('opencen'),
    /** The confidential client whose service account manages the realm's users. */
    AUTH_ADMIN_CLIENT_ID: z.string().min(1).default('opencen-auth'),
    AUTH_ADMIN_CLIENT_SECRET: z.string().min(1).default(LOCAL_AUTH_ADMIN_CLIENT_SECRET),
    /** Days without use after which an account is locked. */
    ACCOUNT_INACTIVITY_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    /** How many days before the lock the user is reminded (once per period). */
    ACCOUNT_REMINDER_DAYS_BEFORE: z.coerce.number().int().min(0).max(3650).default(10),
    /** How often the lifecycle job reminds and locks (0: never; tests run it by hand). */
    ACCOUNT_LIFECYCLE_INTERVAL_MS: z.coerce.number().int().min(0).default(3_600_000),
    /** How often Keycloak's login events are read (0: never; tests run it by hand). */
    LOGIN_EVENTS_POLL_MS: z.coerce.number().int().min(0).default(60_000),
    /** This many failed sign-ins of one user within the window make one login-failures event. */
    LOGIN_FAILURE_THRESHOLD: z.coerce.number().int().min(1).max(1000).default(5),
    LOGIN_FAILURE_WINDOW_MS: z.coerce
      .number()
      .int()
      .min(1000)
      .default(15 * 60_000),
  })
  .transform((env, context) => {
    if (env.AUDIT_SIGNING_KEY === undefined && env.NODE_ENV === 'production') {
      context.addIssue({
        code: 'custom',
        path: ['AUDIT_SIGNING_KEY'],
        message:
          'is required in production: generate one with `openssl rand -hex 32` and keep it secret',
      });
    }
    if (
      env.NODE_ENV === 'production' &&
      env.AUTH_ADMIN_CLIENT_SECRET === LOCAL_AUTH_ADMIN_CLIENT_SECRET
    ) {
      context.addIssue({
        code: 'custom',
        path: ['AUTH_ADMIN_CLIENT_SECRET'],
        message:
          "is the public local secret: give the opencen-auth client's secret from Keycloak in production",
      });
    }
    if (env.ACCOUNT_REMINDER_DAYS_BEFORE >= env.ACCOUNT_INACTIVITY_DAYS) {
      context.addIssue({
        code: 'custom',
        path: ['ACCOUNT_REMINDER_DAYS_BEFORE'],
        message: 'must be less than ACCOUNT_INACTIVITY_DAYS',
      });
    }
    return { ...env, AUDIT_SIGNING_KEY: env.AUDIT_SIGNING_KEY ?? LOCAL_AUDIT_SIGNING_KEY };
  });

export type AuthEnv = z.output<typeof authEnvSchema>;
