import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { KIT_LOGGER } from '@opencen/nest-kit';
import { type Logger } from 'pino';

import { EnvPhotoSettings } from './infrastructure/photo-settings';
import { PhotoSettings } from './usecases/ports';
import { CleanAbandonedUploads } from './usecases/clean-abandoned-uploads';

/** Runs the cleanup of abandoned uploads on a timer (no TTL index: FerretDB has none). */
@Injectable()
export class PhotoCleanupJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly clean: CleanAbandonedUploads,
    @Inject(PhotoSettings) private readonly settings: EnvPhotoSettings,
    @Inject(KIT_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.cleanupIntervalMs === 0) return;
    this.timer = setInterval(() => this.pass(), this.settings.cleanupIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private pass(): void {
    if (this.running) return;
    this.running = this.clean
      .execute()
      .then((result) => {
        if (result.discarded + result.completed > 0) {
          this.logger.info(result, 'photo uploads cleaned up');
        }
      })
      .catch((error: unknown) => this.logger.error({ err: error }, 'photo upload cleanup failed'))
      .finally(() => {
        this.running = undefined;
      });
  }
}
