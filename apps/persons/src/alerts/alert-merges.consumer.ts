import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  type CloudEvent,
  companyMerged,
  companyUnmerged,
  conveyanceMerged,
  conveyanceUnmerged,
  personMerged,
  personUnmerged,
  personsAlertMergesConsumer,
} from '@opencen/contracts';
import { EventBus, onEvent } from '@opencen/nest-kit';

import { FollowMerges, type MergeNotice } from './usecases/follow-merges';

/**
 * The durable consumer `persons-alert-merges` of this service's own merged / unmerged events, of
 * persons, companies and conveyances alike.
 */
export const ALERT_MERGES_CONSUMER = personsAlertMergesConsumer.durable;

type MergeEventData = { mergeId: string; survivorId: string; mergedId: string };

function notice(
  subjectType: MergeNotice['subjectType'],
  event: CloudEvent<MergeEventData>,
): MergeNotice {
  const { mergeId, survivorId, mergedId } = event.data;
  return {
    subjectType,
    mergeId,
    survivorId,
    mergedId,
    cause: { actor: 'persons', correlationId: event.correlationid, causationId: event.id },
  };
}

/** Moves alerts to the survivor of a merge, and back when the merge is undone (FollowMerges). */
@Injectable()
export class AlertMergesConsumer implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly followMerges: FollowMerges,
  ) {}

  onModuleInit(): void {
    this.events.consume({
      durable: ALERT_MERGES_CONSUMER,
      declared: personsAlertMergesConsumer,
      handlers: (
        [
          ['person', personMerged, personUnmerged],
          ['company', companyMerged, companyUnmerged],
          ['conveyance', conveyanceMerged, conveyanceUnmerged],
        ] as const
      ).flatMap(([subjectType, merged, unmerged]) => [
        onEvent(merged, async (event) => {
          await this.followMerges.merged(notice(subjectType, event));
        }),
        onEvent(unmerged, async (event) => {
          await this.followMerges.unmerged(notice(subjectType, event));
        }),
      ]),
    });
  }
}
