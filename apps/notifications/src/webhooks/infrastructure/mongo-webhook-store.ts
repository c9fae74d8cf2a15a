import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  type CloudEvent,
  type WebhookDeliveryStatus,
  type WebhookFilters,
  type WebhookFormat,
  type WebhookStatus,
} from '@opencen/contracts';
import {
  EventBus,
  WITHOUT_OUTBOX,
  documentWriteLock,
  isDuplicateKeyError,
} from '@opencen/nest-kit';
import { Model } from 'mongoose';

import {
  type DeliveryChanges,
  type StoredDelivery,
  type StoredSubscription,
  type SubscriptionChanges,
  WebhookDeliveries,
  WebhookSubscriptions,
} from '../usecases/ports';
import {
  WEBHOOK_DELIVERIES_COLLECTION,
  WEBHOOK_DELIVERY_MODEL,
  WEBHOOK_SUBSCRIPTIONS_COLLECTION,
  WEBHOOK_SUBSCRIPTION_MODEL,
  type WebhookDeliveryDocument,
  type WebhookSubscriptionDocument,
} from './webhook.schemas';

type StoredSubscriptionDocument = Omit<WebhookSubscriptionDocument, 'outbox'>;
type StoredDeliveryDocument = Omit<WebhookDeliveryDocument, 'outbox'>;

function toSubscription(document: StoredSubscriptionDocument): StoredSubscription {
  return {
    id: document._id,
    owner: document.owner,
    url: document.url,
    eventTypes: [...document.eventTypes],
    filters: (document.filters ?? {}) as WebhookFilters,
    format: document.format as WebhookFormat,
    ...(document.description ? { description: document.description } : {}),
    status: document.status as WebhookStatus,
    ...(document.disabledReason
      ? { disabledReason: document.disabledReason as 'failures' | 'owner' }
      : {}),
    consecutiveFailures: document.consecutiveFailures,
    secret: document.secret,
    ...(document.previousSecret ? { previousSecret: document.previousSecret } : {}),
    ...(document.previousSecretUntil ? { previousSecretUntil: document.previousSecretUntil } : {}),
    createdAt: document.createdAt,
    updatedAt: document.updatedAt,
    version: document.version,
  };
}

/** `$unset` of the fields named, when there are any. */
function unsetOf(fields: readonly string[]): Record<string, ''> | undefined {
  return fields.length > 0 ? Object.fromEntries(fields.map((field) => [field, ''])) : undefined;
}

/** The subscriptions in MongoDB, by id, each write with its events (the outbox). */
@Injectable()
export class MongoWebhookSubscriptions extends WebhookSubscriptions {
  constructor(
    @InjectModel(WEBHOOK_SUBSCRIPTION_MODEL)
    private readonly subscriptions: Model<WebhookSubscriptionDocument>,
    private readonly events: EventBus,
  ) {
    super();
  }

  async insert(subscription: StoredSubscription, event: CloudEvent): Promise<void> {
    const { id, ...fields } = subscription;
    await this.events.insertWithEvents(
      WEBHOOK_SUBSCRIPTIONS_COLLECTION,
      { _id: id, ...fields, eventTypes: [...fields.eventTypes], filters: { ...fields.filters } },
      [event],
      (document) => this.subscriptions.collection.insertOne(document as never),
    );
  }

  async get(id: string): Promise<StoredSubscription | null> {
    const document = await this.subscriptions
      .findById(id, WITHOUT_OUTBOX)
      .lean<StoredSubscriptionDocument>();
    return document ? toSubscription(document) : null;
  }

  async all(): Promise<StoredSubscription[]> {
    // The collection is bounded (see webhook.schemas.ts): read whole.
    const documents = await this.subscriptions
      .find({}, WITHOUT_OUTBOX)
      .lean<StoredSubscriptionDocument[]>();
    return documents.map(toSubscription);
  }

  async update(
    id: string,
    expectedVersion: number,
    changes: SubscriptionChanges,
    events: readonly CloudEvent[],
    unset: readonly (keyof StoredSubscription)[] = [],
  ): Promise<void> {
    const removed = unsetOf(unset as string[]);
    await this.events.updateVersioned(
      this.subscriptions,
      id,
      expectedVersion,
      { $set: { ...changes }, ...(removed ? { $unset: removed } : {}) },
      events,
    );
  }
}

function toDelivery(document: StoredDeliveryDocument): StoredDelivery {
  return {
    key: document._id,
    subscriptionId: document.subscriptionId,
    eventId: document.eventId,
    eventType: document.eventType,
    format: document.format as WebhookFormat,
    ...(document.caseId ? { caseId: document.caseId } : {}),
    eventJson: document.eventJson,
    status: document.status as WebhookDeliveryStatus,
    attempts: document.attempts,
    round: document.round,
    ...(document.responseStatus !== undefined && document.responseStatus !== null
      ? { responseStatus: document.responseStatus }
      : {}),
    ...(document.durationMs !== undefined && document.durationMs !== null
      ? { durationMs: document.durationMs }
      : {}),
    ...(document.reason ? { reason: document.reason } : {}),
    queuedAt: document.queuedAt,
    ...(document.firstAttemptAt ? { firstAttemptAt: document.firstAttemptAt } : {}),
    ...(document.lastAttemptAt ? { lastAttemptAt: document.lastAttemptAt } : {}),
    position: document.position,
    version: document.version,
  };
}

/** The deliveries in MongoDB, one document per delivery by key, each change with its event. */
@Injectable()
export class MongoWebhookDeliveries extends WebhookDeliveries {
  constructor(
    @InjectModel(WEBHOOK_DELIVERY_MODEL)
    private readonly deliveries: Model<WebhookDeliveryDocument>,
    private readonly events: EventBus,
  ) {
    super();
  }

  async insert(delivery: StoredDelivery): Promise<boolean> {
    const { key, ...fields } = delivery;
    try {
      // No event rides with it: the key document alone, under the document's write lock.
      await documentWriteLock.run(WEBHOOK_DELIVERIES_COLLECTION, key, () =>
        this.deliveries.collection.insertOne({ _id: key, ...fields } as never),
      );
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async get(key: string): Promise<StoredDelivery | null> {
    const document = await this.deliveries
      .findById(key, WITHOUT_OUTBOX)
      .lean<StoredDeliveryDocument>();
    return document ? toDelivery(document) : null;
  }

  async update(
    key: string,
    expectedVersion: number,
    changes: DeliveryChanges,
    event: CloudEvent,
    unset: readonly (keyof StoredDelivery)[] = [],
  ): Promise<void> {
    const removed = unsetOf((unset as string[]).filter((field) => !(field in changes)));
    await this.events.updateVersioned(
      this.deliveries,
      key,
      expectedVersion,
      { $set: { ...changes }, ...(removed ? { $unset: removed } : {}) },
      [event],
    );
  }
}
