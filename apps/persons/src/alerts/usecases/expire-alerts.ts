import { Injectable } from '@nestjs/common';
import { type Alert } from '@opencen/contracts';
import { ServiceError, Clock } from '@opencen/nest-kit';

import { dayOf, hasExpired } from '../domain/alert';
import { alertExpiredEvent } from './alert-events';
import { AlertRepository } from './ports';

export interface ExpiryRun {
  /** Alerts this run marked expired. */
  readonly expired: number;
  /** Alerts another writer changed first (e.g. another replica's run): left to that writer. */
  readonly skipped: number;
}

/** Alerts handled per search; the job pages until none is left. */
const BATCH = 100;

/**
 * The expiry job: marks active alerts whose last valid day has passed as expired, each with a
 * versioned update carrying its `expired` event. The alerts index says which may be due; each is
 * read from the store, which decides (an alert expired or withdrawn since it was indexed is left
 * alone). Several replicas may run it at once: the loser of a race gets a conflict, which means the
 * alert was already handled, and moves on.
 */
@Injectable()
export class ExpireAlerts {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly clock: Clock,
  ) {}

  async execute(now: Date = this.clock.now()): Promise<ExpiryRun> {
    const today = dayOf(now);
    let expired = 0;
    let skipped = 0;
    let after: string | undefined;
    for (;;) {
      const ids = await this.alerts.idsActiveEndingBefore(today, BATCH, after);
      if (ids.length === 0) return { expired, skipped };
      const read = await Promise.all(ids.map((id) => this.alerts.findById(id)));
      const due = read.filter((alert): alert is Alert => !!alert && hasExpired(alert, today));
      for (const alert of due) {
        if (await this.expire(alert, now)) expired++;
        else skipped++;
      }
      after = ids.at(-1);
    }
  }

  private async expire(current: Alert, now: Date): Promise<boolean> {
    const next: Alert = {
      ...current,
      status: 'expired',
      updatedAt: now.toISOString(),
      version: current.version + 1,
    };
    const event = alertExpiredEvent(next, {
      actor: 'persons',
      correlationId: `alert-expiry-${current.id}-${next.version}`,
    });
    try {
      await this.alerts.update(next, current.version, [event]);
      return true;
    } catch (error) {
      if (error instanceof ServiceError && ['CONFLICT', 'NOT_FOUND'].includes(error.code)) {
        return false;
      }
      throw error;
    }
  }
}
