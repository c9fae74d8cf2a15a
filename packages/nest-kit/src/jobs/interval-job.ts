import { type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { type Logger } from 'pino';

import { newCorrelationId, runWithContext } from '../context/request-context';

export interface IntervalJobOptions {
  /** What the job does, for logs: "photo upload cleanup". */
  name: string;
  /** Time between two passes; 0 turns the job off. */
  everyMs: number;
}

/**
 * Work a replica repeats on a timer (cleanups, expiries), owned by the app's lifecycle: it starts
 * once the app is up, a pass still running when the next is due is not doubled, a failed pass is
 * logged and retried at the next one, and shutdown waits for the pass in progress. Each pass runs
 * with a correlation id of its own, so its logs and the events it causes hang together. The timer
 * does not keep the process alive. Subclasses say what a pass does.
 */
export abstract class IntervalJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  protected constructor(
    protected readonly logger: Logger,
    private readonly options: IntervalJobOptions,
  ) {}

  /** One pass of the job. */
  protected abstract pass(): Promise<void>;

  onApplicationBootstrap(): void {
    if (this.options.everyMs === 0) return;
    this.timer = setInterval(() => void this.runPass(), this.options.everyMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Runs a pass now, or waits for the one in progress; for commands and tests. */
  async runPass(): Promise<void> {
    if (!this.running) {
      this.running = runWithContext({ correlationId: newCorrelationId() }, () => this.pass())
        .catch((error: unknown) =>
          this.logger.error(
            { err: error, job: this.options.name },
            `${this.options.name} failed; it runs again in ${this.options.everyMs} ms`,
          ),
        )
        .finally(() => {
          this.running = undefined;
        });
    }
    await this.running;
  }
}
