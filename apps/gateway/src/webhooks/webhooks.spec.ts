import { type WebhookSubscription } from '@opencen/contracts';
import { type Problem } from '../problems/problem';
import {
  type Replier,
  expectedOutcomes,
  roleOutcomes,
  useStubbedGateway,
} from '../testing/gateway-harness';

// Webhook subscriptions over HTTP, with Keycloak and NATS stubbed.

function subscription(overrides: Partial<WebhookSubscription> = {}): WebhookSubscription {
  return {
    id: 'wh_abcdefgh12',
    owner: 'sub-admin',
    url: 'https://partner.example/hook',
    eventTypes: ['cases.case.validated.v1'],
    filters: {},
    format: 'case-exchange',
    status: 'active',
    consecutiveFailures: 0,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

const defaultReply: Replier = async (subject, payload) => {
  switch (subject) {
    case 'notifications.webhook.create':
      return { subscription: subscription(), secret: 'whsec_c2VjcmV0' };
    case 'notifications.webhook.update':
      return subscription({ version: Number(payload.version) + 1 });
    case 'notifications.webhook.replay':
      return { queued: 1 };
    default:
      throw new Error(`unexpected ${subject}`);
  }
};

const body = {
  url: 'https://partner.example/hook',
  eventTypes: ['cases.case.validated.v1'],
  format: 'case-exchange',
};

describe('webhooks over HTTP (stubbed Keycloak and NATS)', () => {
  const { nats, call } = useStubbedGateway(defaultReply);

  it('create: integration clients and admins only; 201 with Location, ETag and the secret', async () => {
    const outcomes = await roleOutcomes(nats, call, {
      name: 'create a webhook',
      method: 'POST',
      path: '/api/v1/webhooks',
      body,
    });
    expect(outcomes).toEqual(expectedOutcomes(['admin'], 201));
    nats.sent = [];
    const response = await call('/api/v1/webhooks', { method: 'POST', as: 'admin', body });
    expect(response.headers.get('location')).toBe('/api/v1/webhooks/wh_abcdefgh12');
    expect(response.headers.get('etag')).toBe('"1"');
    expect(nats.sent[0]).toMatchObject({
      subject: 'notifications.webhook.create',
      payload: { ...body, filters: {} },
    });
  });

  it('create: an unknown field or a bad URL is a 400 naming it, and nothing is sent', async () => {
    for (const [bad, path] of [
      [{ ...body, secret: 'mine' }, 'secret'],
      [{ ...body, url: 'not a url' }, 'url'],
      [{ ...body, eventTypes: ['Cases Validated'] }, 'eventTypes.0'],
    ] as const) {
      const response = await call('/api/v1/webhooks', { method: 'POST', as: 'admin', body: bad });
      expect(response.status).toBe(400);
      expect(((await response.json()) as Problem).errors.map((e) => e.path)).toEqual([path]);
    }
    expect(nats.sent).toEqual([]);
  });

  it('update needs If-Match; replay takes either since or eventId, and answers 202', async () => {
    const without = await call('/api/v1/webhooks/wh_abcdefgh12', {
      method: 'PATCH',
      as: 'admin',
      body: { active: false },
    });
    expect(without.status).toBe(428);
    const updated = await call('/api/v1/webhooks/wh_abcdefgh12', {
      method: 'PATCH',
      as: 'admin',
      body: { active: false },
      headers: { 'if-match': '"3"' },
    });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('"4"');
    const both = await call('/api/v1/webhooks/wh_abcdefgh12/replay', {
      method: 'POST',
      as: 'admin',
      body: { since: '2026-01-01T00:00:00Z', eventId: '8d7c3e0b-1f8e-4d5b-9a44-1d0f0b6a7e11' },
    });
    expect(both.status).toBe(400);
    const replay = await call('/api/v1/webhooks/wh_abcdefgh12/replay', {
      method: 'POST',
      as: 'admin',
      body: { eventId: '8d7c3e0b-1f8e-4d5b-9a44-1d0f0b6a7e11' },
    });
    expect(replay.status).toBe(202);
    expect(await replay.json()).toEqual({ queued: 1 });
  });
});
