import { baseEnvSchema, searchEnvShape } from '@opencen/nest-kit';
import { z } from 'zod';

/** The environment variables of photos, validated at boot with the rest of the service's. */
const photoEnvShape = {
  /** The largest photo or X-ray image accepted, in bytes (10 MiB). */
  PHOTO_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(10 * 1024 * 1024),
  /** The largest chunk of an upload, in bytes; base64 of it must fit a NATS message. */
  PHOTO_CHUNK_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024)
    .default(256 * 1024),
  /** An upload with no chunk for this long is abandoned (discarded by the cleanup job). */
  PHOTO_UPLOAD_IDLE_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(60 * 60 * 1000),
  /** How often the cleanup job runs; 0 turns it off (tests run its pass themselves). */
  PHOTO_CLEANUP_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(5 * 60 * 1000),
};

/** The photos' part of the environment, read again by the photos module from the kit's options. */
export const photoEnvSchema = z.object(photoEnvShape);
export type PhotoEnv = z.infer<typeof photoEnvSchema>;

/** The environment of the cases service: the platform's variables and its own. */
export const casesEnvSchema = baseEnvSchema.extend({
  ...searchEnvShape,
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3103),
  ...photoEnvShape,
});

export type CasesEnv = z.infer<typeof casesEnvSchema>;
