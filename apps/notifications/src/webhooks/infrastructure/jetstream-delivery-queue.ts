import { Injectable } from '@nestjs/common';
import { type WorkQueue } from '@opencen/nest-kit';

import { type DeliveryItem, DeliveryQueue } from '../usecases/ports';

/** The work-queue stream of the deliveries: one message per delivery round. */
export const WEBHOOKS_STREAM = 'OPENCEN_WEBHOOKS';

/**
 * The stream and its subjects under a suffix (tests: one per file, since a work queue takes one
 * consumer per subject): `OPENCEN_WEBHOOKS`, `webhooks.deliveries.<subscription>`.
 */
export function webhooksQueueNames(suffix: string): { stream: string; subjectPrefix: string } {
  return { stream: `${WEBHOOKS_STREAM}${suffix}`, subjectPrefix: `webhooks${suffix}.deliveries` };
}

/**
 * Puts each delivery round on the `OPENCEN_WEBHOOKS` work queue (subject per subscription), with
 * `Nats-Msg-Id` = `<key>#<round>` so that a round queued twice is held once. The queue itself is
 * created by the consumer that works it (webhooks-events.consumer.ts) and handed here.
 */
@Injectable()
export class JetStreamDeliveryQueue extends DeliveryQueue {
  private queue: WorkQueue<DeliveryItem> | undefined;
  private subjectPrefix = '';

  /** The work queue, once created, and the prefix of its subjects. */
  attach(queue: WorkQueue<DeliveryItem>, subjectPrefix: string): void {
    this.queue = queue;
    this.subjectPrefix = subjectPrefix;
  }

  async enqueue(subscriptionId: string, item: DeliveryItem): Promise<void> {
    if (!this.queue) throw new Error('The webhook delivery queue is not created yet');
    await this.queue.publish(
      `${this.subjectPrefix}.${subscriptionId}`,
      item,
      `${item.key}#${item.round}`,
    );
  }
}
