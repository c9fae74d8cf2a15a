import { baseEnvSchema, searchEnvShape } from '@opencen/nest-kit';
import { z } from 'zod';

import { photoEnvShape } from '../photos/infrastructure/photo-settings';

/** The environment of the cases service: the platform's variables and its own. */
export const casesEnvSchema = baseEnvSchema.extend({
  ...searchEnvShape,
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3103),
  ...photoEnvShape,
});

export type CasesEnv = z.infer<typeof casesEnvSchema>;
