import path from 'node:path';
import { baseEnvSchema } from '@opencen/nest-kit';
import { z } from 'zod';

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** The environment of the reference-data service: the platform's variables and its own. */
export const referenceEnvSchema = baseEnvSchema.extend({
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3101),
  /** Seeds the code lists that are missing entries at start; idempotent, so replicas may all do it. */
  REFERENCE_SEED_ON_START: z.stringbool().default(true),
  /** Where the JSON seed files of the lists that no npm package provides are. */
  REFERENCE_DATA_DIR: z.string().min(1).default(path.join(__dirname, '../../data')),
  /** The administration's time zone: "today" (default validity dates, validation day) is taken in it. */
  REFERENCE_TIME_ZONE: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris')
    .default('UTC'),
});

export type ReferenceEnv = z.infer<typeof referenceEnvSchema>;
