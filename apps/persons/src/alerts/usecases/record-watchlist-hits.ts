import { Injectable } from '@nestjs/common';
import { type SubjectRef } from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';

import { appliesOn, dayOf } from '../domain/alert';
import { type EventCause, watchlistHitEvent } from './alert-events';
import { AlertRepository, type AlertWithHits } from './ports';

export interface CaseSighting {
  readonly caseId: string;
  /** When the case recorded the subjects. */
  readonly at: Date;
  readonly subjects: readonly SubjectRef[];
  readonly cause: EventCause;
}

/** Versioned writes lost to a concurrent change of the alert are retried this many times. */
const ATTEMPTS = 5;

/**
 * Subjects seen in a case: each active alert on one of them that applies on that day reports one
 * watchlist hit for that case, once. The case id is stored in the alert with the hit event, in one
 * versioned write; a case already recorded there is skipped, so a case event delivered twice (or
 * published twice under different ids) never raises a second hit.
 */
@Injectable()
export class RecordWatchlistHits {
  constructor(private readonly alerts: AlertRepository) {}

  /** Returns the ids of the alerts that reported a hit now. */
  async execute(sighting: CaseSighting): Promise<string[]> {
    const hit: string[] = [];
    for (const found of await this.alerts.findActiveOn(sighting.subjects)) {
      if (await this.recordHit(found, sighting)) hit.push(found.alert.id);
    }
    return hit;
  }

  private async recordHit(found: AlertWithHits, sighting: CaseSighting): Promise<boolean> {
    let current: AlertWithHits | null = found;
    for (let attempt = 1; current; attempt++) {
      const { alert, hits } = current;
      if (hits.includes(sighting.caseId) || !appliesOn(alert, dayOf(sighting.at))) return false;
      const next = { ...alert, version: alert.version + 1 };
      try {
        await this.alerts.update(
          next,
          alert.version,
          [watchlistHitEvent(alert, sighting.caseId, sighting.at, sighting.cause)],
          sighting.caseId,
        );
        return true;
      } catch (error) {
        const conflict = error instanceof ServiceError && error.code === 'CONFLICT';
        if (!conflict || attempt >= ATTEMPTS) throw error;
        current = await this.reload(alert.id, alert);
      }
    }
    return false;
  }

  private async reload(
    id: string,
    previous: AlertWithHits['alert'],
  ): Promise<AlertWithHits | null> {
    const [again] = (await this.alerts.findActiveOn([previous.subject])).filter(
      (candidate) => candidate.alert.id === id,
    );
    return again ?? null;
  }
}
