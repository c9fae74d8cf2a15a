import { Inject, Injectable } from '@nestjs/common';
import { IntervalJob, KIT_LOGGER } from '@opencen/nest-kit';
import { type Logger } from 'pino';

import { SendDailyDigests } from './usecases/send-daily-digests';

/** How often the digests due are looked for (DIGEST_INTERVAL_MS; 0: never). */
export const DIGEST_INTERVAL_MS = Symbol('DIGEST_INTERVAL_MS');

/** Sends the daily digests in every replica (each once per user and day, by its delivery key). */
@Injectable()
export class DailyDigestsJob extends IntervalJob {
  constructor(
    private readonly digests: SendDailyDigests,
    @Inject(DIGEST_INTERVAL_MS) everyMs: number,
    @Inject(KIT_LOGGER) logger: Logger,
  ) {
    super(logger, { name: 'daily digests', everyMs });
  }

  protected async pass(): Promise<void> {
    const { day, sent } = await this.digests.execute();
    if (sent > 0) this.logger.info({ day, sent }, 'daily digests sent');
  }
}
