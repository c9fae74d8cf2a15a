import { randomUUID } from 'node:crypto';

import { z } from 'zod';

import { type PhotoLimits } from '../domain/photo-upload';
import { PhotoIds, PhotoSettings } from '../usecases/ports';

/** The environment variables of photos, validated at boot with the rest of the service's. */
export const photoEnvShape = {
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

export type PhotoEnv = { [K in keyof typeof photoEnvShape]: z.infer<(typeof photoEnvShape)[K]> };

export class EnvPhotoSettings extends PhotoSettings {
  readonly limits: PhotoLimits;
  readonly abandonAfterMs: number;
  readonly cleanupIntervalMs: number;

  constructor(env: PhotoEnv) {
    super();
    this.limits = { chunkBytes: env.PHOTO_CHUNK_BYTES, maxBytes: env.PHOTO_MAX_BYTES };
    this.abandonAfterMs = env.PHOTO_UPLOAD_IDLE_MS;
    this.cleanupIntervalMs = env.PHOTO_CLEANUP_INTERVAL_MS;
  }
}

export class RandomPhotoIds extends PhotoIds {
  next(): string {
    return randomUUID();
  }
}
