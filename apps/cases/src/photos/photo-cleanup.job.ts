import { Inject, Injectable } from '@nestjs/common';
import { IntervalJob, KIT_LOGGER } from '@opencen/nest-kit';
import { type Logger } from 'pino';

import { EnvPhotoSettings } from './infrastructure/photo-settings';
import { CleanAbandonedUploads } from './usecases/clean-abandoned-uploads';
import { PhotoSettings } from './usecases/ports';

/** Runs the cleanup of abandoned uploads on a timer (no TTL index: FerretDB has none). */
@Injectable()
export class PhotoCleanupJob extends IntervalJob {
  constructor(
    private readonly clean: CleanAbandonedUploads,
    @Inject(PhotoSettings) settings: EnvPhotoSettings,
    @Inject(KIT_LOGGER) logger: Logger,
  ) {
    super(logger, { name: 'photo upload cleanup', everyMs: settings.cleanupIntervalMs });
  }

  protected async pass(): Promise<void> {
    const result = await this.clean.execute();
    if (result.discarded + result.completed > 0) {
      this.logger.info(result, 'photo uploads cleaned up');
    }
  }
}
