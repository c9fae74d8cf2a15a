import { type Logger } from 'pino';
import { IntervalJob } from '../jobs/interval-job';
import { type IdempotencyKeys } from './idempotency-keys';

/** Removes idempotency keys past their retention (no TTL index: FerretDB has none). */
export class IdempotencyCleanupJob extends IntervalJob {
  constructor(
    private readonly keys: IdempotencyKeys,
    logger: Logger,
    everyMs: number,
  ) {
    super(logger, { name: 'idempotency key cleanup', everyMs });
  }

  protected async pass(): Promise<void> {
    const removed = await this.keys.removeExpired();
    if (removed > 0) this.logger.info({ removed }, 'expired idempotency keys removed');
  }
}
