import { baseEnvSchema, searchEnvShape } from '@opencen/nest-kit';
import { z } from 'zod';

/** The environment of the persons service: the platform's variables and its own. */
export const personsEnvSchema = baseEnvSchema.extend({
  ...searchEnvShape,
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3102),
  /**
   * How many stored persons sharing a blocking key with a draft are scored at most. Blocking keys
   * keep buckets small; this bounds the work when one is not (a very common name).
   */
  PERSONS_MAX_CANDIDATES_SCORED: z.coerce.number().int().min(10).max(5000).default(500),
  /** How often each replica runs the alert expiry job (replicas may overlap safely). */
  PERSONS_ALERT_EXPIRY_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1000)
    .max(86_400_000)
    .default(60_000),
});

export type PersonsEnv = z.infer<typeof personsEnvSchema>;
