import { Inject, Injectable } from '@nestjs/common';
import { IntervalJob, KIT_LOGGER } from '@opencen/nest-kit';
import { type Logger } from 'pino';

import { CleanAbandonedUploads } from './usecases/clean-abandoned-uploads';

/** How often abandoned uploads are looked for (ms; 0: never). */
export const ATTACHMENT_CLEANUP_INTERVAL_MS = Symbol('ATTACHMENT_CLEANUP_INTERVAL_MS');

/** Runs the cleanup of abandoned attachment uploads on a timer (no TTL index: FerretDB has none). */
@Injectable()
export class AttachmentCleanupJob extends IntervalJob {
  constructor(
    private readonly clean: CleanAbandonedUploads,
    @Inject(ATTACHMENT_CLEANUP_INTERVAL_MS) everyMs: number,
    @Inject(KIT_LOGGER) logger: Logger,
  ) {
    super(logger, { name: 'attachment upload cleanup', everyMs });
  }

  protected async pass(): Promise<void> {
    const result = await this.clean.execute();
    if (result.discarded > 0) this.logger.info(result, 'attachment uploads cleaned up');
  }
}
