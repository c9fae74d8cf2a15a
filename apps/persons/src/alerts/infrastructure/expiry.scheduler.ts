import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';

import { ExpireAlerts } from '../usecases/expire-alerts';
import { AlertsOptions } from '../usecases/ports';

/**
 * Runs the expiry job every `expiryIntervalMs` in every replica (the job is safe to run
 * concurrently). A run still going when the next tick comes is not doubled.
 */
@Injectable()
export class AlertExpiryScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly logger = new Logger(AlertExpiryScheduler.name);

  constructor(
    private readonly expireAlerts: ExpireAlerts,
    private readonly options: AlertsOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.options.expiryIntervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    if (this.running) return;
    this.running = this.expireAlerts
      .execute()
      .then((run) => {
        if (run.expired > 0 || run.skipped > 0) this.logger.log(run, 'Alert expiry run');
      })
      .catch((error: unknown) =>
        this.logger.warn({ err: error }, 'Alert expiry run failed; it runs again at the next tick'),
      )
      .finally(() => {
        this.running = undefined;
      });
    await this.running;
  }
}
