import {
  createWebhook,
  getWebhook,
  listWebhookDeliveries,
  listWebhooks,
  replayWebhook,
  rotateWebhookSecret,
  updateWebhook,
} from '@opencen/contracts';

import { contractRoute } from '../http/contract-route';

const BASE = '/api/v1/webhooks';

const SIGNING =
  'Each delivery is a POST of the CloudEvent (or, for format case-exchange, the case\'s non-nominal exchange record) with the Standard Webhooks headers `webhook-id` (the same on every attempt and replay: dedupe on it), `webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` keyed with the base64-decoded part of the secret after `whsec_`; during a rotation two, space separated). Reject a timestamp more than 5 minutes from your clock.';

/**
 * Signed webhooks for external systems (role integration: their own subscriptions; admin: every
 * one). Nothing here reads personal data: a subscription is configuration, a delivery log holds
 * ids, statuses and times, so no route is audited as a read; the case transfers themselves are in
 * the audit trail (their delivered events). The secret is answered once, to its owner.
 */
export const webhookRoutes = {
  create: contractRoute({
    operationId: 'createWebhook',
    method: 'POST',
    path: BASE,
    contract: createWebhook,
    summary: 'Subscribe an endpoint to event types (answers its secret, this once)',
    description: `${SIGNING} An endpoint must be https:// (plain http only where the deployment allows it). An unknown event type or field is refused (400 naming it).`,
    input: 'body',
    policy: 'webhookManagers',
    status: 201,
    location: (reply) => `${BASE}/${encodeURIComponent(reply.subscription.id)}`,
    etag: (reply) => reply.subscription.version,
  }),
  list: contractRoute({
    operationId: 'listWebhooks',
    method: 'GET',
    path: BASE,
    contract: listWebhooks,
    summary: 'My webhook subscriptions (an admin: every one)',
    input: 'query',
    policy: 'webhookManagers',
    status: 200,
  }),
  get: contractRoute({
    operationId: 'getWebhook',
    method: 'GET',
    path: `${BASE}/:id`,
    contract: getWebhook,
    summary: 'A webhook subscription (never its secret)',
    input: 'query',
    policy: 'webhookManagers',
    status: 200,
    etag: (reply) => reply.version,
  }),
  update: contractRoute({
    operationId: 'updateWebhook',
    method: 'PATCH',
    path: `${BASE}/:id`,
    contract: updateWebhook,
    summary: 'Change, disable (active: false) or enable again (active: true) a subscription',
    input: 'body',
    versionField: 'version',
    policy: 'webhookManagers',
    status: 200,
    etag: (reply) => reply.version,
  }),
  rotateSecret: contractRoute({
    operationId: 'rotateWebhookSecret',
    method: 'POST',
    path: `${BASE}/:id/rotate-secret`,
    contract: rotateWebhookSecret,
    summary: 'Give a subscription a new secret; both sign during the overlap',
    input: 'body',
    policy: 'webhookManagers',
    status: 200,
    etag: (reply) => reply.subscription.version,
  }),
  deliveries: contractRoute({
    operationId: 'listWebhookDeliveries',
    method: 'GET',
    path: `${BASE}/:id/deliveries`,
    contract: listWebhookDeliveries,
    summary: "A subscription's delivery log, newest first (status, attempts, response code, times)",
    input: 'query',
    policy: 'webhookManagers',
    status: 200,
  }),
  replay: contractRoute({
    operationId: 'replayWebhook',
    method: 'POST',
    path: `${BASE}/:id/replay`,
    contract: replayWebhook,
    summary: 'Deliver again the events since a time, or one event by its id (same webhook-id)',
    input: 'body',
    policy: 'webhookManagers',
    status: 202,
  }),
};
