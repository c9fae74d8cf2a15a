import { Injectable, Logger } from '@nestjs/common';
import {
  type CloudEvent,
  type EventContract,
  buildEvent,
  webhookDeliveryDelivered,
  webhookDeliveryFailed,
  webhookDeliveryRetrying,
  webhookDisabled,
} from '@opencen/contracts';
import {
  Clock,
  ServiceError,
  WORK_DONE,
  type WorkOutcome,
  documentWriteLock,
  newCorrelationId,
} from '@opencen/nest-kit';

import { backoffDelayMs } from '../../email/domain/retry';
import { signatureHeader } from '../domain/signature';
import { type AttemptResult, webhookIdOf } from '../domain/webhook-rules';
import {
  CaseExchangeRecords,
  type DeliveryChanges,
  type DeliveryItem,
  type StoredDelivery,
  type StoredSubscription,
  WebhookDeliveries,
  WebhookOptions,
  WebhookSender,
  WebhookSubscriptions,
} from './ports';
import { subscriptionEventData } from './to-webhook';

/** The lock key of one delivery's attempts in this process (not a collection). */
const DELIVERY_TURN = 'webhook-delivery';
/** The lock key of one subscription's failure count in this process (not a collection). */
const SUBSCRIPTION_TURN = 'webhook-subscription';

/**
 * One attempt of one delivery, taken from the work queue: the body (the event, or the case's
 * exchange record), signed with every secret in use, POSTed to the endpoint. A 2xx is recorded
 * `delivered`; any other answer or none is `retrying` with the next delay given back to the queue
 * (exponential, with jitter) while the retry period lasts, then `failed`, which counts toward
 * disabling the subscription. Each outcome is one write of the delivery with its event.
 */
@Injectable()
export class AttemptDelivery {
  private readonly logger = new Logger(AttemptDelivery.name);

  constructor(
    private readonly deliveries: WebhookDeliveries,
    private readonly subscriptions: WebhookSubscriptions,
    private readonly sender: WebhookSender,
    private readonly cases: CaseExchangeRecords,
    private readonly options: WebhookOptions,
    private readonly clock: Clock,
  ) {}

  execute(item: DeliveryItem): Promise<WorkOutcome> {
    return documentWriteLock.run(DELIVERY_TURN, item.key, () => this.attempt(item));
  }

  private async attempt(item: DeliveryItem): Promise<WorkOutcome> {
    const delivery = await this.deliveries.get(item.key);
    // Gone, replayed since (another round), or done: nothing left for this item.
    if (!delivery || delivery.round !== item.round) return WORK_DONE;
    if (delivery.status === 'delivered' || delivery.status === 'failed') return WORK_DONE;
    const subscription = await this.subscriptions.get(delivery.subscriptionId);
    if (!subscription || subscription.status !== 'active') {
      await this.finish(delivery, 'failed', { reason: 'subscription-disabled' });
      return WORK_DONE;
    }
    const body = await this.bodyOf(delivery, subscription);
    if (body === null) {
      await this.finish(delivery, 'failed', { reason: 'case-not-exportable' });
      return WORK_DONE;
    }
    const now = this.clock.now();
    const timestampS = Math.floor(now.getTime() / 1000);
    const webhookId = webhookIdOf(delivery.subscriptionId, delivery.eventId);
    const result = await this.sender.send({
      url: subscription.url,
      webhookId,
      timestampS,
      body,
      signature: signatureHeader(secretsOf(subscription, now), webhookId, timestampS, body),
    });
    const attempts = delivery.attempts + 1;
    const firstAttemptAt = delivery.firstAttemptAt ?? now;
    const common = resultFields(result, attempts, firstAttemptAt, now);
    if (result.ok) {
      await this.finish(delivery, 'delivered', common);
      if (subscription.consecutiveFailures > 0) await this.countOutcome(subscription.id, true);
      return WORK_DONE;
    }
    const delayMs = backoffDelayMs(attempts, {
      initialMs: this.options.retryInitialMs,
      maxMs: this.options.retryMaxDelayMs,
    });
    if (now.getTime() + delayMs <= firstAttemptAt.getTime() + this.options.retryForMs) {
      this.logger.warn(
        { delivery: delivery.key, attempts, reason: result.reason, retryInMs: delayMs },
        'Webhook delivery failed; retried',
      );
      await this.record(delivery, 'retrying', common, webhookDeliveryRetrying);
      return { retryInMs: delayMs };
    }
    this.logger.error(
      { delivery: delivery.key, attempts, reason: result.reason },
      'Webhook delivery given up',
    );
    await this.finish(delivery, 'failed', common);
    await this.countOutcome(subscription.id, false);
    return WORK_DONE;
  }

  /** The body of a delivery: the event as published, or the case's exchange record (null: none). */
  private async bodyOf(
    delivery: StoredDelivery,
    subscription: StoredSubscription,
  ): Promise<string | null> {
    if (subscription.format === 'cloudevent') return delivery.eventJson;
    if (!delivery.caseId) return null;
    const record = await this.cases.record(delivery.caseId);
    return record === null ? null : JSON.stringify(record);
  }

  private finish(
    delivery: StoredDelivery,
    status: 'delivered' | 'failed',
    changes: DeliveryChanges,
  ): Promise<void> {
    const contract = status === 'delivered' ? webhookDeliveryDelivered : webhookDeliveryFailed;
    return this.record(
      delivery,
      status,
      changes,
      contract,
      status === 'delivered' ? ['reason'] : [],
    );
  }

  private async record(
    delivery: StoredDelivery,
    status: StoredDelivery['status'],
    changes: DeliveryChanges,
    contract: EventContract,
    unset: readonly (keyof StoredDelivery)[] = [],
  ): Promise<void> {
    const next = { ...delivery, ...changes, status, version: delivery.version + 1 };
    const event = buildEvent(contract, {
      subject: delivery.key,
      data: {
        subscriptionId: next.subscriptionId,
        eventId: next.eventId,
        eventType: next.eventType,
        format: next.format,
        ...(next.caseId ? { caseId: next.caseId } : {}),
        status,
        attempts: next.attempts,
        ...(next.responseStatus !== undefined ? { responseStatus: next.responseStatus } : {}),
        version: next.version,
      },
      correlationId: newCorrelationId(),
      causationId: delivery.eventId,
      actor: 'notifications',
      time: this.clock.now(),
    }) as CloudEvent;
    await this.deliveries.update(
      delivery.key,
      delivery.version,
      { ...changes, status },
      event,
      unset,
    );
  }

  /**
   * Counts a delivery given up (or clears the count after one that arrived) on its subscription,
   * and disables it at the limit, with the event that tells its owner. A versioned write, tried
   * again when another replica counted meanwhile; one at a time per subscription here.
   */
  private countOutcome(subscriptionId: string, delivered: boolean): Promise<void> {
    return documentWriteLock.run(SUBSCRIPTION_TURN, subscriptionId, async () => {
      for (let tries = 0; tries < 5; tries += 1) {
        const subscription = await this.subscriptions.get(subscriptionId);
        if (!subscription) return;
        if (delivered && subscription.consecutiveFailures === 0) return;
        const failures = delivered ? 0 : subscription.consecutiveFailures + 1;
        const disable =
          !delivered &&
          subscription.status === 'active' &&
          failures >= this.options.disableAfterFailures;
        const now = this.clock.now();
        const events = disable
          ? [
              buildEvent(webhookDisabled, {
                subject: subscription.id,
                data: {
                  ...subscriptionEventData({
                    ...subscription,
                    status: 'disabled',
                    version: subscription.version + 1,
                  }),
                  consecutiveFailures: failures,
                },
                correlationId: newCorrelationId(),
                actor: 'notifications',
                time: now,
              }),
            ]
          : [];
        try {
          await this.subscriptions.update(
            subscription.id,
            subscription.version,
            {
              consecutiveFailures: failures,
              ...(disable
                ? { status: 'disabled', disabledReason: 'failures', updatedAt: now }
                : {}),
            },
            events,
          );
          if (disable) {
            this.logger.error(
              { subscription: subscription.id, failures },
              'Webhook disabled after deliveries given up in a row',
            );
          }
          return;
        } catch (error) {
          if (error instanceof ServiceError && error.code === 'CONFLICT') continue;
          throw error;
        }
      }
    });
  }
}

/** The secrets that sign now: the current one, and the previous one during its overlap. */
export function secretsOf(subscription: StoredSubscription, now: Date): string[] {
  const overlap =
    subscription.previousSecret !== undefined &&
    subscription.previousSecretUntil !== undefined &&
    subscription.previousSecretUntil.getTime() > now.getTime();
  return overlap ? [subscription.secret, subscription.previousSecret!] : [subscription.secret];
}

function resultFields(
  result: AttemptResult,
  attempts: number,
  firstAttemptAt: Date,
  now: Date,
): DeliveryChanges {
  return {
    attempts,
    firstAttemptAt,
    lastAttemptAt: now,
    durationMs: Math.max(0, Math.round(result.durationMs)),
    ...(result.status !== undefined ? { responseStatus: result.status } : {}),
    ...(result.ok ? {} : { reason: result.reason }),
  };
}
