import {
  webhookDeliveryDelivered,
  webhookDeliveryFailed,
  webhookDeliveryQueued,
  webhookDeliveryRetrying,
} from '@opencen/contracts';
import {
  type ProjectedDocument,
  type ReindexSource,
  type SearchIndexDefinition,
  type SearchProjection,
  WITHOUT_OUTBOX,
} from '@opencen/nest-kit';
import { type Model } from 'mongoose';

import { WEBHOOK_DELIVERIES_COLLECTION, type WebhookDeliveryDocument } from './webhook.schemas';

const KEYWORD = { type: 'keyword' } as const;

/** The delivery log: what a subscription's deliveries are listed, filtered and paged by. */
export const WEBHOOK_DELIVERIES_INDEX: SearchIndexDefinition = {
  alias: 'notifications-webhook-deliveries',
  version: 1,
  settings: { number_of_shards: 1, number_of_replicas: 0 },
  mappings: {
    dynamic: 'strict',
    properties: {
      // Every query: one subscription's log.
      subscriptionId: KEYWORD,
      eventId: KEYWORD,
      eventType: KEYWORD,
      caseId: KEYWORD,
      // The status filter of the log.
      status: KEYWORD,
      attempts: { type: 'integer' },
      responseStatus: { type: 'integer' },
      queuedAt: { type: 'date' },
      lastAttemptAt: { type: 'date' },
      // The order of the log and its cursor (newest first).
      position: KEYWORD,
    },
  },
};

type Stored = Omit<WebhookDeliveryDocument, 'outbox'>;

/** The index document of a stored delivery, under its key and version. */
export function deliverySearchDocument(document: Stored): ProjectedDocument {
  return {
    id: document._id,
    version: document.version,
    document: {
      subscriptionId: document.subscriptionId,
      eventId: document.eventId,
      eventType: document.eventType,
      ...(document.caseId ? { caseId: document.caseId } : {}),
      status: document.status,
      attempts: document.attempts,
      ...(typeof document.responseStatus === 'number'
        ? { responseStatus: document.responseStatus }
        : {}),
      queuedAt: document.queuedAt,
      ...(document.lastAttemptAt ? { lastAttemptAt: document.lastAttemptAt } : {}),
      position: document.position,
    },
  };
}

/** The log fed by the deliveries' own events, each delivery read by key from the store. */
export function deliveryLogProjection(
  deliveries: Model<WebhookDeliveryDocument>,
): SearchProjection {
  return {
    durable: 'notifications-search-webhook-deliveries',
    index: WEBHOOK_DELIVERIES_INDEX,
    events: [
      webhookDeliveryQueued,
      webhookDeliveryRetrying,
      webhookDeliveryDelivered,
      webhookDeliveryFailed,
    ],
    load: async (key) => {
      const document = await deliveries
        .findById(key, { ...WITHOUT_OUTBOX, eventJson: 0 })
        .lean<Stored>();
      return document ? deliverySearchDocument(document) : null;
    },
  };
}

/** How the reindex command rebuilds the log from the store. */
export const WEBHOOK_DELIVERIES_REINDEX: ReindexSource = {
  index: WEBHOOK_DELIVERIES_INDEX,
  collection: WEBHOOK_DELIVERIES_COLLECTION,
  documentOf: (stored) => deliverySearchDocument(stored as unknown as Stored),
};
