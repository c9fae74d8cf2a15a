/**
 * Contracts of the notifications service's signed webhooks: an external system (role
 * `integration`; admins manage every one) subscribes an HTTPS endpoint to event types of the
 * domain stream, with filters; each matching event is delivered to it once, signed after the
 * Standard Webhooks specification (`webhook-id`, `webhook-timestamp`, `webhook-signature`), retried
 * with backoff, logged per subscription, and can be replayed. A subscription whose `format` is
 * `case-exchange` receives, for each case event, the non-nominal exchange record of that case
 * instead of the event (the automated transfer of validated cases to a partner); those deliveries
 * reach the audit trail through `notifications.webhook-delivery.delivered.v1`.
 *
 * A secret (`whsec_<base64>`) is shown once: in the reply that created or rotated it. No event and
 * no other reply carries it.
 */
import { z } from 'zod';

import { CASE_TYPES } from '../cases/case.contracts';
import { type EventContract, defineEvent } from '../events';
import { type RequestContract, defineRequest } from '../requests';

/** What a delivery's body is: the CloudEvent as published, or the case's exchange record. */
export const WEBHOOK_FORMATS = ['cloudevent', 'case-exchange'] as const;
export const webhookFormatSchema = z.enum(WEBHOOK_FORMATS);
export type WebhookFormat = z.infer<typeof webhookFormatSchema>;

export const WEBHOOK_STATUSES = ['active', 'disabled'] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

/** Where a delivery stands: queued, waiting for its next attempt, done, or given up. */
export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'retrying', 'delivered', 'failed'] as const;
export const webhookDeliveryStatusSchema = z.enum(WEBHOOK_DELIVERY_STATUSES);
export type WebhookDeliveryStatus = z.infer<typeof webhookDeliveryStatusSchema>;

/** A subscription's id (`wh_` and 22 url-safe characters). */
export const webhookIdSchema = z.string().regex(/^wh_[A-Za-z0-9_-]{8,40}$/, 'a webhook id');

/** A CloudEvents type of the domain stream, e.g. `cases.case.validated.v1`. */
const eventTypeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*\.v[1-9][0-9]*$/, 'an event type');

/** The endpoint: an absolute http(s) URL without credentials (the service refuses http unless allowed). */
const endpointUrlSchema = z.url({ protocol: /^https?$/ }).max(2000);

const filterCodes = z.array(z.string().min(1).max(35)).min(1).max(50);

/**
 * Which events of the chosen types are delivered: every filter given must hold (each one lists the
 * values accepted). A filter holds on the fields the event carries: `office` on `data.office`,
 * `caseType` on `data.type`, `commodityCategory` on `data.commodityCategory` or any of
 * `data.items[].commodityCategory`; an event that does not carry a filtered field is not delivered.
 */
export const webhookFiltersSchema = z.strictObject({
  office: filterCodes.optional(),
  caseType: z.array(z.enum(CASE_TYPES)).min(1).optional(),
  commodityCategory: filterCodes.optional(),
});
export type WebhookFilters = z.infer<typeof webhookFiltersSchema>;

const timestamp = z.iso.datetime({ offset: true });

/** A subscription as its owner reads it (never its secret). */
export const webhookSubscriptionSchema = z.object({
  id: webhookIdSchema,
  /** The Keycloak sub of the integration client that owns it. */
  owner: z.string().min(1).max(64),
  url: z.string(),
  eventTypes: z.array(z.string()),
  filters: webhookFiltersSchema,
  format: webhookFormatSchema,
  description: z.string().optional(),
  status: z.enum(WEBHOOK_STATUSES),
  /** Why it was disabled: `failures` (the service) or `owner`. */
  disabledReason: z.enum(['failures', 'owner']).optional(),
  /** Deliveries given up one after the other since the last that arrived. */
  consecutiveFailures: z.number().int().min(0),
  /** During a rotation's overlap, until when the previous secret signs too. */
  previousSecretUntil: timestamp.optional(),
  createdAt: timestamp,
  updatedAt: timestamp,
  version: z.number().int().positive(),
});
export type WebhookSubscription = z.infer<typeof webhookSubscriptionSchema>;

/** A subscription with its new secret: only in the replies of create and rotate. */
const withSecret = z.object({
  subscription: webhookSubscriptionSchema,
  /** `whsec_` and the base64 of 32 random bytes: the HMAC-SHA256 key of the signatures. */
  secret: z.string().regex(/^whsec_[A-Za-z0-9+/=]+$/),
});

export const WEBHOOK_EVENT_TYPES_MAX = 50;

export const createWebhook = defineRequest({
  service: 'notifications',
  aggregate: 'webhook',
  verb: 'create',
  description:
    'Subscribes an endpoint (https; http only where the deployment allows it) to event types of the domain stream, with filters; answers the subscription and its secret, shown this once. Integration clients and admins.',
  request: z.strictObject({
    url: endpointUrlSchema,
    eventTypes: z.array(eventTypeSchema).min(1).max(WEBHOOK_EVENT_TYPES_MAX),
    filters: webhookFiltersSchema.default({}),
    format: webhookFormatSchema.default('cloudevent'),
    description: z.string().trim().min(1).max(200).optional(),
  }),
  reply: withSecret,
});

export const listWebhooks = defineRequest({
  service: 'notifications',
  aggregate: 'webhook',
  verb: 'list',
  description: "The caller's subscriptions (an admin's: every one), oldest first.",
  request: z.strictObject({}),
  reply: z.object({ items: z.array(webhookSubscriptionSchema) }),
});

export const getWebhook = defineRequest({
  service: 'notifications',
  aggregate: 'webhook',
  verb: 'get',
  description: "A subscription; NOT_FOUND for another client's (admins read every one).",
  request: z.strictObject({ id: webhookIdSchema }),
  reply: webhookSubscriptionSchema,
});

export const updateWebhook = defineRequest({
  service: 'notifications',
  aggregate: 'webhook',
  verb: 'update',
  description:
    'Changes the endpoint, event types, filters or description of a subscription, or disables it (`active: false`) or enables it again (`active: true`, which also clears its failure count). Needs the version read (409 when stale).',
  request: z.strictObject({
    id: webhookIdSchema,
    version: z.number().int().positive(),
    url: endpointUrlSchema.optional(),
    eventTypes: z.array(eventTypeSchema).min(1).max(WEBHOOK_EVENT_TYPES_MAX).optional(),
    filters: webhookFiltersSchema.optional(),
    description: z.string().trim().min(1).max(200).optional(),
    active: z.boolean().optional(),
  }),
  reply: webhookSubscriptionSchema,
});

/** The longest overlap of a rotation: a week. */
export const WEBHOOK_ROTATION_OVERLAP_MAX_S = 7 * 24 * 3600;

export const rotateWebhookSecret = defineRequest({
  service: 'notifications',
  aggregate: 'webhook',
  verb: 'rotate-secret',
  description:
    'Gives a subscription a new secret, shown this once. During `overlapSeconds` (default a day) every delivery carries both signatures, space separated, so the receiver can switch keys without losing one.',
  request: z.strictObject({
    id: webhookIdSchema,
    overlapSeconds: z.number().int().min(0).max(WEBHOOK_ROTATION_OVERLAP_MAX_S).default(86_400),
  }),
  reply: withSecret,
});

/** One delivery of an event to a subscription, as its log lists it. */
export const webhookDeliverySchema = z.object({
  subscriptionId: webhookIdSchema,
  /** The event delivered; with the subscription, the delivery's `webhook-id`. */
  eventId: z.string(),
  eventType: z.string(),
  /** The `webhook-id` header of every attempt of this delivery (the receiver's dedupe key). */
  webhookId: z.string(),
  caseId: z.string().optional(),
  status: webhookDeliveryStatusSchema,
  attempts: z.number().int().min(0),
  /** The HTTP status of the last attempt; absent when no answer came (connection refused, timeout). */
  responseStatus: z.number().int().optional(),
  /** How long the last attempt took, in ms. */
  durationMs: z.number().int().min(0).optional(),
  /** Why the last attempt failed, when it did: `http-<status>`, or a connection error code. */
  reason: z.string().optional(),
  queuedAt: timestamp,
  lastAttemptAt: timestamp.optional(),
  /** Where it stands in the log (time-ordered): the cursor of the pages. */
  position: z.string(),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const WEBHOOK_DELIVERIES_PAGE_MAX = 100;

export const listWebhookDeliveries = defineRequest({
  service: 'notifications',
  aggregate: 'webhook',
  verb: 'deliveries',
  description:
    "A subscription's delivery log, newest first, a page at a time (`cursor`: the `nextCursor` of the page before), optionally only one status.",
  request: z.strictObject({
    id: webhookIdSchema,
    status: webhookDeliveryStatusSchema.optional(),
    cursor: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(WEBHOOK_DELIVERIES_PAGE_MAX).default(20),
  }),
  reply: z.object({
    items: z.array(webhookDeliverySchema),
    nextCursor: z.string().optional(),
  }),
});

/** The most events one replay may queue. */
export const WEBHOOK_REPLAY_MAX = 10_000;

export const replayWebhook = defineRequest({
  service: 'notifications',
  aggregate: 'webhook',
  verb: 'replay',
  description: `Delivers again, with the same webhook-id, either every event of the subscription's types and filters published since a time (read from the domain stream, at most ${WEBHOOK_REPLAY_MAX}), or the one event it was delivered before (\`eventId\`). Answers how many deliveries were queued.`,
  request: z
    .strictObject({
      id: webhookIdSchema,
      since: timestamp.optional(),
      eventId: z.uuid().optional(),
    })
    .refine((request) => (request.since === undefined) !== (request.eventId === undefined), {
      message: 'give either since or eventId',
      path: ['since'],
    }),
  reply: z.object({ queued: z.number().int().min(0) }),
});

export const webhookRequestContracts: readonly RequestContract[] = [
  createWebhook,
  listWebhooks,
  getWebhook,
  updateWebhook,
  rotateWebhookSecret,
  listWebhookDeliveries,
  replayWebhook,
];

/** What every subscription event carries; its `subject` is the subscription id. */
const webhookEventData = z.object({
  subscriptionId: webhookIdSchema,
  owner: z.string().min(1).max(64),
  status: z.enum(WEBHOOK_STATUSES),
  version: z.number().int().positive(),
});

export const webhookCreated = defineEvent({
  service: 'notifications',
  aggregate: 'webhook',
  verb: 'created',
  version: 1,
  description: 'A webhook subscription was created (never with its secret).',
  data: webhookEventData,
});

export const webhookUpdated = defineEvent({
  service: 'notifications',
  aggregate: 'webhook',
  verb: 'updated',
  version: 1,
  description:
    'A webhook subscription changed: endpoint, types, filters, enabled or disabled by its owner.',
  data: webhookEventData,
});

export const webhookSecretRotated = defineEvent({
  service: 'notifications',
  aggregate: 'webhook',
  verb: 'secret-rotated',
  version: 1,
  description:
    'A webhook subscription got a new secret; the previous one signs too until `previousSecretUntil`.',
  data: webhookEventData.extend({ previousSecretUntil: timestamp }),
});

export const webhookDisabled = defineEvent({
  service: 'notifications',
  aggregate: 'webhook',
  verb: 'disabled',
  version: 1,
  description:
    'A webhook subscription was disabled by the service after too many deliveries in a row were given up; its owner is notified.',
  data: webhookEventData.extend({ consecutiveFailures: z.number().int().min(1) }),
});

/** What every delivery event carries; its `subject` is `<subscription>/<event id>`. */
const webhookDeliveryEventData = z.object({
  subscriptionId: webhookIdSchema,
  eventId: z.string(),
  eventType: z.string(),
  format: webhookFormatSchema,
  /** The case the event is about, when it is a case event (a transfer's case). */
  caseId: z.string().optional(),
  status: webhookDeliveryStatusSchema,
  attempts: z.number().int().min(0),
  responseStatus: z.number().int().optional(),
  version: z.number().int().positive(),
});

export const webhookDeliveryQueued = defineEvent({
  service: 'notifications',
  aggregate: 'webhook-delivery',
  verb: 'queued',
  version: 1,
  description:
    'A delivery was queued again by a replay, as a new round of the same webhook-id (a new delivery is logged from its first attempt on).',
  data: webhookDeliveryEventData,
});

export const webhookDeliveryRetrying = defineEvent({
  service: 'notifications',
  aggregate: 'webhook-delivery',
  verb: 'retrying',
  version: 1,
  description: 'An attempt to deliver failed; the next one comes after a backoff.',
  data: webhookDeliveryEventData,
});

export const webhookDeliveryDelivered = defineEvent({
  service: 'notifications',
  aggregate: 'webhook-delivery',
  verb: 'delivered',
  version: 1,
  description:
    "An event (or, for a case-exchange subscription, the case's non-nominal exchange record) reached a webhook's endpoint: it answered 2xx. A transfer of a case reaches the audit trail as a disclosure of that case.",
  data: webhookDeliveryEventData,
});

export const webhookDeliveryFailed = defineEvent({
  service: 'notifications',
  aggregate: 'webhook-delivery',
  verb: 'failed',
  version: 1,
  description:
    'A delivery was given up: its retry period ended, the endpoint refused it for good, or its subscription was disabled.',
  data: webhookDeliveryEventData,
});

export const webhookEventContracts: readonly EventContract[] = [
  webhookCreated,
  webhookUpdated,
  webhookSecretRotated,
  webhookDisabled,
  webhookDeliveryQueued,
  webhookDeliveryRetrying,
  webhookDeliveryDelivered,
  webhookDeliveryFailed,
];

/** Standard Webhooks header names. */
export const WEBHOOK_HEADERS = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;

/** How far a receiver should accept a `webhook-timestamp` from its own clock (the spec's 5 min). */
export const WEBHOOK_TIMESTAMP_TOLERANCE_S = 5 * 60;
