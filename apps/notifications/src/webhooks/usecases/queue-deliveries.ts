import { Injectable } from '@nestjs/common';
import { type CloudEvent, buildEvent, webhookDeliveryQueued } from '@opencen/contracts';
import { Clock, currentContext, newCorrelationId } from '@opencen/nest-kit';

import { matches } from '../domain/matching';
import { deliveryKey, deliveryPosition } from '../domain/webhook-rules';
import {
  DeliveryQueue,
  type StoredDelivery,
  type StoredSubscription,
  SubscriptionDirectory,
  WebhookDeliveries,
} from './ports';

/** The case an event is about, when it is a case event (its subject is the case id). */
function caseIdOf(event: CloudEvent): string | undefined {
  const data = (event.data ?? {}) as { caseId?: unknown };
  return typeof data.caseId === 'string' ? data.caseId : undefined;
}

/**
 * Turns an event into one delivery per subscription that wants it: the delivery is stored under
 * `<subscription>/<event id>` (inserting the key makes it once; the log lists it from its first
 * attempt, whose outcome is its first event), then its
 * round is put on the work queue (once per key and round: JetStream drops the copy). An event
 * handled again (a redelivery after a crash between the two) finds the delivery stored and, while
 * it is still pending, queues its round again, which JetStream drops if it has it.
 */
@Injectable()
export class QueueDeliveries {
  constructor(
    private readonly directory: SubscriptionDirectory,
    private readonly deliveries: WebhookDeliveries,
    private readonly queue: DeliveryQueue,
    private readonly clock: Clock,
  ) {}

  /** Queues the event for every subscription that wants it; answers how many. */
  async execute(event: CloudEvent): Promise<number> {
    const wanting = this.directory.current().filter((subscription) => matches(subscription, event));
    for (const subscription of wanting) await this.queueFor(subscription, event);
    return wanting.length;
  }

  /**
   * Queues one event for one subscription: a new delivery, or a new round of one delivered before
   * (a replay), with the same `webhook-id`.
   */
  async queueFor(subscription: StoredSubscription, event: CloudEvent): Promise<void> {
    const key = deliveryKey(subscription.id, event.id);
    const now = this.clock.now();
    const caseId = caseIdOf(event);
    const delivery: StoredDelivery = {
      key,
      subscriptionId: subscription.id,
      eventId: event.id,
      eventType: event.type,
      format: subscription.format,
      ...(caseId ? { caseId } : {}),
      eventJson: JSON.stringify(event),
      status: 'pending',
      attempts: 0,
      round: 1,
      queuedAt: now,
      position: deliveryPosition(now, event.id),
      version: 1,
    };
    if (await this.deliveries.insert(delivery)) {
      await this.queue.enqueue(subscription.id, { key, round: 1 });
      return;
    }
    const existing = await this.deliveries.get(key);
    if (!existing) throw new Error(`Delivery ${key} was refused as a duplicate and is not there`);
    // Stored by an earlier pass: queue its round again (JetStream keeps one copy).
    if (existing.status === 'pending') {
      await this.queue.enqueue(subscription.id, { key, round: existing.round });
    }
  }

  /**
   * Queues a delivery that exists again, as a new round (a replay by event id or by time), with
   * its `queued` event (the log shows it pending again): its attempts start over, its retry
   * period too.
   */
  async requeue(existing: StoredDelivery): Promise<void> {
    const now = this.clock.now();
    const next: StoredDelivery = {
      ...existing,
      status: 'pending',
      attempts: 0,
      round: existing.round + 1,
      queuedAt: now,
      position: deliveryPosition(now, existing.eventId),
      version: existing.version + 1,
    };
    await this.deliveries.update(
      existing.key,
      existing.version,
      {
        status: next.status,
        attempts: next.attempts,
        round: next.round,
        queuedAt: next.queuedAt,
        position: next.position,
      },
      this.queuedEvent(next),
      ['firstAttemptAt', 'reason', 'responseStatus', 'durationMs'],
    );
    await this.queue.enqueue(existing.subscriptionId, { key: existing.key, round: next.round });
  }

  private queuedEvent(delivery: StoredDelivery): CloudEvent {
    return buildEvent(webhookDeliveryQueued, {
      subject: delivery.key,
      data: {
        subscriptionId: delivery.subscriptionId,
        eventId: delivery.eventId,
        eventType: delivery.eventType,
        format: delivery.format,
        ...(delivery.caseId ? { caseId: delivery.caseId } : {}),
        status: delivery.status,
        attempts: delivery.attempts,
        version: delivery.version,
      },
      correlationId: currentContext()?.correlationId ?? newCorrelationId(),
      causationId: delivery.eventId,
      actor: 'notifications',
      time: delivery.queuedAt,
    });
  }
}
