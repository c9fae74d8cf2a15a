import {
  type CloudEvent,
  type ExchangeCase,
  type WebhookDeliveryStatus,
  type WebhookFilters,
  type WebhookFormat,
  type WebhookStatus,
} from '@opencen/contracts';

import { type AttemptResult } from '../domain/webhook-rules';

/** A subscription as the service keeps it, secrets included. */
export interface StoredSubscription {
  readonly id: string;
  readonly owner: string;
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly filters: WebhookFilters;
  readonly format: WebhookFormat;
  readonly description?: string;
  readonly status: WebhookStatus;
  readonly disabledReason?: 'failures' | 'owner';
  readonly consecutiveFailures: number;
  /** The secret that signs; during a rotation's overlap, the previous one signs too until its end. */
  readonly secret: string;
  readonly previousSecret?: string;
  readonly previousSecretUntil?: Date;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly version: number;
}

/** The fields of a subscription a change may set. */
export type SubscriptionChanges = Partial<
  Omit<StoredSubscription, 'id' | 'owner' | 'createdAt' | 'version'>
>;

/**
 * The subscriptions, by id, each write with its event. A bounded collection (one document per
 * external system an administration connects: tens, not thousands), so it may be read whole.
 */
export abstract class WebhookSubscriptions {
  abstract insert(subscription: StoredSubscription, event: CloudEvent): Promise<void>;
  abstract get(id: string): Promise<StoredSubscription | null>;
  /** Every subscription (bounded, see above). */
  abstract all(): Promise<StoredSubscription[]>;
  /** A versioned change (CONFLICT when `expectedVersion` is stale), with its events if any. */
  abstract update(
    id: string,
    expectedVersion: number,
    changes: SubscriptionChanges,
    events: readonly CloudEvent[],
    unset?: readonly (keyof StoredSubscription)[],
  ): Promise<void>;
}

/** The active subscriptions of this replica, refreshed from their store and their events. */
export abstract class SubscriptionDirectory {
  /** The subscriptions as last read. */
  abstract current(): readonly StoredSubscription[];
  /** Reads them again now (after a write of this replica). */
  abstract refresh(): Promise<void>;
}

/** One delivery of one event to one subscription, keyed `<subscription>/<event id>`. */
export interface StoredDelivery {
  readonly key: string;
  readonly subscriptionId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly format: WebhookFormat;
  readonly caseId?: string;
  /** The CloudEvent as published (JSON): the body of a `cloudevent` delivery. */
  readonly eventJson: string;
  readonly status: WebhookDeliveryStatus;
  readonly attempts: number;
  /** Each replay starts a new round; a queued item of an older round is dropped. */
  readonly round: number;
  readonly responseStatus?: number;
  readonly durationMs?: number;
  readonly reason?: string;
  readonly queuedAt: Date;
  /** When the round's first attempt was made: its retry period runs from there. */
  readonly firstAttemptAt?: Date;
  readonly lastAttemptAt?: Date;
  readonly position: string;
  readonly version: number;
}

export type DeliveryChanges = Partial<
  Pick<
    StoredDelivery,
    | 'status'
    | 'attempts'
    | 'round'
    | 'responseStatus'
    | 'durationMs'
    | 'reason'
    | 'queuedAt'
    | 'firstAttemptAt'
    | 'lastAttemptAt'
    | 'position'
  >
>;

/** The deliveries, by key, each change with its event (which feeds the delivery log). */
export abstract class WebhookDeliveries {
  /**
   * Stores a new delivery, without an event (the log lists it from its first attempt on: one write
   * and no relay pass fewer per delivery); false when one of that key exists.
   */
  abstract insert(delivery: StoredDelivery): Promise<boolean>;
  abstract get(key: string): Promise<StoredDelivery | null>;
  abstract update(
    key: string,
    expectedVersion: number,
    changes: DeliveryChanges,
    event: CloudEvent,
    unset?: readonly (keyof StoredDelivery)[],
  ): Promise<void>;
}

/** What the work queue carries: which delivery, and its round. */
export interface DeliveryItem {
  readonly key: string;
  readonly round: number;
}

/** The queue of deliveries to attempt (JetStream holds the retry schedule). */
export abstract class DeliveryQueue {
  /** Queues a delivery's round, once per key and round. */
  abstract enqueue(subscriptionId: string, item: DeliveryItem): Promise<void>;
}

/** One signed POST to an endpoint. */
export interface OutgoingWebhook {
  readonly url: string;
  readonly webhookId: string;
  readonly timestampS: number;
  readonly body: string;
  /** The `webhook-signature` header. */
  readonly signature: string;
}

/** Sends webhooks over HTTP; never throws: a failure is a result. */
export abstract class WebhookSender {
  abstract send(webhook: OutgoingWebhook): Promise<AttemptResult>;
}

/** The cases service: the exchange record of one case (null when it is not exportable). */
export abstract class CaseExchangeRecords {
  abstract record(caseId: string): Promise<ExchangeCase | null>;
}

/** The domain stream's history, for a replay from a time. */
export abstract class EventHistory {
  /** The events of these types published since `since`, oldest first, at most `max`. */
  abstract since(types: readonly string[], since: Date, max: number): Promise<CloudEvent[]>;
}

/** The delivery log's index. */
export abstract class DeliveryLog {
  /** The keys of a subscription's deliveries, newest first, after a cursor (a position). */
  abstract page(
    subscriptionId: string,
    options: { status?: WebhookDeliveryStatus; after?: string; limit: number },
  ): Promise<string[]>;
}

/** The deployment's webhook settings. */
export abstract class WebhookOptions {
  /** Whether endpoints may be plain http (local runs and tests). */
  abstract readonly allowHttp: boolean;
  /** How long a delivery is retried from its first attempt before it is given up (ms). */
  abstract readonly retryForMs: number;
  /** The first retry's delay (ms); each next one doubles, up to `retryMaxDelayMs`, with jitter. */
  abstract readonly retryInitialMs: number;
  abstract readonly retryMaxDelayMs: number;
  /** Deliveries given up in a row after which the subscription is disabled. */
  abstract readonly disableAfterFailures: number;
}
