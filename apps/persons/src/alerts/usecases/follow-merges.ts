import { Clock } from '@opencen/nest-kit';
import { Injectable } from '@nestjs/common';
import { type Alert, type SubjectType } from '@opencen/contracts';

import { movedTo } from '../domain/alert';
import { type EventCause, alertUpdatedEvent } from './alert-events';
import { AlertRepository, type MergeMove, SubjectDirectory } from './ports';

/** A merge (or its undo) as the merged / unmerged events of persons, companies and conveyances say it. */
export interface MergeNotice {
  readonly subjectType: SubjectType;
  readonly mergeId: string;
  readonly survivorId: string;
  readonly mergedId: string;
  readonly cause: EventCause;
}

/**
 * Alerts follow merges: the alerts on a merged subject move to its survivor, and undoing the merge
 * moves exactly those back (an alert raised on the survivor since stays there).
 *
 * Why a consumer of the merged / unmerged events and not a step of the merge itself: the merge is
 * already three versioned single-document writes with its own crash recovery, and each alert is
 * one more document; the event is published only once the merge is committed, and the durable
 * consumer redelivers until every alert is moved. Each alert moves in its own versioned write (with
 * its `updated` event and the merge that moved it), so a redelivery finds the moved ones gone from
 * the merged subject and does only what is left; a write lost to a concurrent edit of the alert is
 * a CONFLICT, and the redelivery retries it from the new version. A merged event handled after
 * the merge's undo (redelivery can reorder them) finds the merge no longer in force and does
 * nothing.
 */
@Injectable()
export class FollowMerges {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly subjects: SubjectDirectory,
    private readonly clock: Clock,
  ) {}

  /** Returns how many alerts moved to the survivor now. */
  async merged(notice: MergeNotice): Promise<number> {
    const { subjectType, mergeId, survivorId, mergedId } = notice;
    if (!(await this.subjects.mergeInForce(subjectType, { mergeId, survivorId, mergedId }))) {
      return 0;
    }
    const from = { subjectType, subjectId: mergedId };
    const to = { subjectType, subjectId: survivorId };
    let moved = 0;
    const seen = new Set<string>();
    for (;;) {
      const left = (await this.alerts.listBySubject(from, false)).filter((a) => !seen.has(a.id));
      if (left.length === 0) return moved;
      for (const alert of left) {
        seen.add(alert.id);
        await this.move(alert, to, { mergeId, from }, notice.cause);
        moved++;
      }
    }
  }

  /** Returns how many alerts moved back to the restored subject now. */
  async unmerged(notice: MergeNotice): Promise<number> {
    const moved = await this.alerts.findMovedBy(notice.mergeId);
    for (const alert of moved) {
      const back = { subjectType: notice.subjectType, subjectId: notice.mergedId };
      await this.move(alert, back, null, notice.cause);
    }
    return moved.length;
  }

  private async move(
    alert: Alert,
    to: Alert['subject'],
    move: MergeMove | null,
    cause: EventCause,
  ): Promise<void> {
    const next = movedTo(alert, to, this.clock.now());
    await this.alerts.move(
      next,
      alert.version,
      [alertUpdatedEvent(next, ['subject'], cause)],
      move,
    );
  }
}
