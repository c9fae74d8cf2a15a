import {
  type WebhookDelivery,
  type WebhookSubscription,
  type buildEvent,
  type webhookCreated,
} from '@opencen/contracts';

import { webhookIdOf } from '../domain/webhook-rules';
import { type StoredDelivery, type StoredSubscription } from './ports';

/** A subscription as its owner reads it: everything but the secrets. */
export function toWebhook(subscription: StoredSubscription): WebhookSubscription {
  return {
    id: subscription.id,
    owner: subscription.owner,
    url: subscription.url,
    eventTypes: [...subscription.eventTypes],
    filters: subscription.filters,
    format: subscription.format,
    ...(subscription.description ? { description: subscription.description } : {}),
    status: subscription.status,
    ...(subscription.disabledReason ? { disabledReason: subscription.disabledReason } : {}),
    consecutiveFailures: subscription.consecutiveFailures,
    ...(subscription.previousSecretUntil
      ? { previousSecretUntil: subscription.previousSecretUntil.toISOString() }
      : {}),
    createdAt: subscription.createdAt.toISOString(),
    updatedAt: subscription.updatedAt.toISOString(),
    version: subscription.version,
  };
}

/** A delivery as its log lists it. */
export function toDelivery(delivery: StoredDelivery): WebhookDelivery {
  return {
    subscriptionId: delivery.subscriptionId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    webhookId: webhookIdOf(delivery.subscriptionId, delivery.eventId),
    ...(delivery.caseId ? { caseId: delivery.caseId } : {}),
    status: delivery.status,
    attempts: delivery.attempts,
    ...(delivery.responseStatus !== undefined ? { responseStatus: delivery.responseStatus } : {}),
    ...(delivery.durationMs !== undefined ? { durationMs: delivery.durationMs } : {}),
    ...(delivery.reason ? { reason: delivery.reason } : {}),
    queuedAt: delivery.queuedAt.toISOString(),
    ...(delivery.lastAttemptAt ? { lastAttemptAt: delivery.lastAttemptAt.toISOString() } : {}),
    position: delivery.position,
  };
}

/** The data every subscription event carries, after a change to `subscription`. */
export function subscriptionEventData(
  subscription: Pick<StoredSubscription, 'id' | 'owner' | 'status' | 'version'>,
): Parameters<typeof buildEvent<typeof webhookCreated>>[1]['data'] {
  return {
    subscriptionId: subscription.id,
    owner: subscription.owner,
    status: subscription.status,
    version: subscription.version,
  };
}
