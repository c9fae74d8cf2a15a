import { Inject, Injectable } from '@nestjs/common';
import { IntervalJob, KIT_LOGGER } from '@opencen/nest-kit';
import { type Logger } from 'pino';

import { ExpireAlerts } from '../usecases/expire-alerts';
import { AlertsOptions } from '../usecases/ports';

/** Runs the expiry job every `expiryIntervalMs` in every replica (the job is safe to run concurrently). */
@Injectable()
export class AlertExpiryScheduler extends IntervalJob {
  constructor(
    private readonly expireAlerts: ExpireAlerts,
    options: AlertsOptions,
    @Inject(KIT_LOGGER) logger: Logger,
  ) {
    super(logger, { name: 'alert expiry', everyMs: options.expiryIntervalMs });
  }

  protected async pass(): Promise<void> {
    const run = await this.expireAlerts.execute();
    if (run.expired > 0 || run.skipped > 0) this.logger.info(run, 'alert expiry run');
  }
}
