import { baseEnvSchema, searchEnvShape } from '@opencen/nest-kit';
import { z } from 'zod';

/**
 * The Ed25519 seed that signs audit checkpoints on local runs and in tests. It is public (it is in
 * the repository), so a production boot refuses it and requires AUDIT_SIGNING_KEY.
 */
export const LOCAL_AUDIT_SIGNING_KEY =
  'fc84ad828b2d6722ca6a16e086e113e6eb0b17fd1bf9502221c9c6e3e7941824';

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
    return { ...env, AUDIT_SIGNING_KEY: env.AUDIT_SIGNING_KEY ?? LOCAL_AUDIT_SIGNING_KEY };
  });

export type AuthEnv = z.output<typeof authEnvSchema>;
