import { type PhotoEnv } from '../../config/env';
import { type UploadLimits } from '@opencen/contracts';
import { PhotoSettings } from '../usecases/ports';

export class EnvPhotoSettings extends PhotoSettings {
  readonly limits: UploadLimits;
  readonly abandonAfterMs: number;
  readonly cleanupIntervalMs: number;

  constructor(env: PhotoEnv) {
    super();
    this.limits = { chunkBytes: env.PHOTO_CHUNK_BYTES, maxBytes: env.PHOTO_MAX_BYTES };
    this.abandonAfterMs = env.PHOTO_UPLOAD_IDLE_MS;
    this.cleanupIntervalMs = env.PHOTO_CLEANUP_INTERVAL_MS;
  }
}
