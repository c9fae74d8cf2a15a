import { withOutbox } from '@opencen/nest-kit';
import { Schema } from 'mongoose';

export const WEBHOOK_SUBSCRIPTION_MODEL = 'WebhookSubscription';
/**
 * The subscriptions, keyed by id (`wh_…`); also an outbox collection. Bounded: one document per
 * external system an administration connects (tens), so every replica reads it whole into its
 * directory; no index beyond `_id`.
 */
export const WEBHOOK_SUBSCRIPTIONS_COLLECTION = 'webhook_subscriptions';

export interface WebhookSubscriptionDocument {
  _id: string;
  owner: string;
  url: string;
  eventTypes: string[];
  filters: { office?: string[]; caseType?: string[]; commodityCategory?: string[] };
  format: string;
  description?: string;
  status: string;
  disabledReason?: string;
  consecutiveFailures: number;
  /** The signing secrets, in clear: they must sign (encrypt the database at rest). */
  secret: string;
  previousSecret?: string;
  previousSecretUntil?: Date;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export const webhookSubscriptionSchema = new Schema<WebhookSubscriptionDocument>(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    url: { type: String, required: true },
    eventTypes: { type: [String], default: [] },
    filters: { type: Schema.Types.Mixed, default: {} },
    format: { type: String, required: true },
    description: String,
    status: { type: String, required: true },
    disabledReason: String,
    consecutiveFailures: { type: Number, required: true },
    secret: { type: String, required: true },
    previousSecret: String,
    previousSecretUntil: Date,
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    version: { type: Number, required: true },
  },
  { versionKey: false, minimize: false },
);
withOutbox(webhookSubscriptionSchema);

export const WEBHOOK_DELIVERY_MODEL = 'WebhookDelivery';
/**
 * One document per delivery, keyed `<subscription>/<event id>` (inserting the key makes a delivery
 * once per event and subscription); read and written by `_id` only, also an outbox collection.
 * The log's pages, filters and order come from the `notifications-webhook-deliveries` index.
 */
export const WEBHOOK_DELIVERIES_COLLECTION = 'webhook_deliveries';

export interface WebhookDeliveryDocument {
  _id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  format: string;
  caseId?: string;
  /** The CloudEvent as published, JSON: sent as it is, byte for byte, on every attempt. */
  eventJson: string;
  status: string;
  attempts: number;
  round: number;
  responseStatus?: number;
  durationMs?: number;
  reason?: string;
  queuedAt: Date;
  firstAttemptAt?: Date;
  lastAttemptAt?: Date;
  position: string;
  version: number;
}

export const webhookDeliverySchema = new Schema<WebhookDeliveryDocument>(
  {
    _id: { type: String, required: true },
    subscriptionId: { type: String, required: true },
    eventId: { type: String, required: true },
    eventType: { type: String, required: true },
    format: { type: String, required: true },
    caseId: String,
    eventJson: { type: String, required: true },
    status: { type: String, required: true },
    attempts: { type: Number, required: true },
    round: { type: Number, required: true },
    responseStatus: Number,
    durationMs: Number,
    reason: String,
    queuedAt: { type: Date, required: true },
    firstAttemptAt: Date,
    lastAttemptAt: Date,
    position: { type: String, required: true },
    version: { type: Number, required: true },
  },
  { versionKey: false, minimize: false },
);
withOutbox(webhookDeliverySchema);
