import { type CloudEvent } from '@opencen/contracts';
import { FixedClock } from '@opencen/testing';

import { newSecret } from '../domain/signature';
import { type AttemptResult } from '../domain/webhook-rules';
import { AttemptDelivery, secretsOf } from './attempt-delivery';
import {
  type CaseExchangeRecords,
  type DeliveryChanges,
  type OutgoingWebhook,
  type StoredDelivery,
  type StoredSubscription,
  type SubscriptionChanges,
  WebhookDeliveries,
  type WebhookOptions,
  WebhookSubscriptions,
} from './ports';

class Deliveries extends WebhookDeliveries {
  readonly stored = new Map<string, StoredDelivery>();
  readonly events: CloudEvent[] = [];
  async insert(delivery: StoredDelivery): Promise<boolean> {
    if (this.stored.has(delivery.key)) return false;
    this.stored.set(delivery.key, delivery);
    return true;
  }
  async get(key: string) {
    return this.stored.get(key) ?? null;
  }
  async update(key: string, version: number, changes: DeliveryChanges, event: CloudEvent) {
    const current = this.stored.get(key)!;
    expect(current.version).toBe(version);
    this.stored.set(key, { ...current, ...changes, version: version + 1 });
    this.events.push(event);
  }
}

class Subscriptions extends WebhookSubscriptions {
  readonly events: CloudEvent[] = [];
  constructor(public subscription: StoredSubscription) {
    super();
  }
  async insert() {}
  async get() {
    return this.subscription;
  }
  async all() {
    return [this.subscription];
  }
  async update(
    _id: string,
    version: number,
    changes: SubscriptionChanges,
    events: readonly CloudEvent[],
  ) {
    expect(this.subscription.version).toBe(version);
    this.subscription = { ...this.subscription, ...changes, version: version + 1 };
    this.events.push(...events);
  }
}

const options: WebhookOptions = {
  allowHttp: true,
  retryForMs: 10_000,
  retryInitialMs: 1000,
  retryMaxDelayMs: 4000,
  disableAfterFailures: 2,
};

function setUp(answers: AttemptResult[]) {
  const clock = new FixedClock(new Date('2026-03-01T10:00:00.000Z'));
  const subscription: StoredSubscription = {
    id: 'wh_abcdefgh12',
    owner: 'int-1',
    url: 'https://partner.example/hook',
    eventTypes: ['cases.case.created.v1'],
    filters: {},
    format: 'cloudevent',
    status: 'active',
    consecutiveFailures: 0,
    secret: newSecret(),
    createdAt: clock.now(),
    updatedAt: clock.now(),
    version: 1,
  };
  const subscriptions = new Subscriptions(subscription);
  const deliveries = new Deliveries();
  const sent: OutgoingWebhook[] = [];
  const sender = {
    send: jest.fn(async (webhook: OutgoingWebhook) => {
      sent.push(webhook);
      return answers.shift() ?? { ok: true as const, status: 200, durationMs: 5 };
    }),
  };
  const cases = { record: jest.fn(async () => null) } satisfies CaseExchangeRecords;
  const usecase = new AttemptDelivery(deliveries, subscriptions, sender, cases, options, clock);
  const delivery = (eventId: string): StoredDelivery => {
    const stored: StoredDelivery = {
      key: `${subscription.id}/${eventId}`,
      subscriptionId: subscription.id,
      eventId,
      eventType: 'cases.case.created.v1',
      format: 'cloudevent',
      eventJson: JSON.stringify({ id: eventId }),
      status: 'pending',
      attempts: 0,
      round: 1,
      queuedAt: clock.now(),
      position: `0000000000001-${eventId}`,
      version: 1,
    };
    deliveries.stored.set(stored.key, stored);
    return stored;
  };
  return { usecase, clock, subscriptions, deliveries, sent, delivery };
}

const refused: AttemptResult = { ok: false, status: 503, reason: 'http-503', durationMs: 3 };

describe('AttemptDelivery', () => {
  it('sends the stored event, signed, with the same webhook-id on each attempt, and records delivered', async () => {
    const { usecase, deliveries, sent, delivery } = setUp([refused]);
    const { key } = delivery('e-1');
    expect(await usecase.execute({ key, round: 1 })).toEqual({ retryInMs: expect.any(Number) });
    expect(deliveries.stored.get(key)).toMatchObject({ status: 'retrying', attempts: 1 });
    expect(await usecase.execute({ key, round: 1 })).toEqual({ done: true });
    expect(deliveries.stored.get(key)).toMatchObject({
      status: 'delivered',
      attempts: 2,
      responseStatus: 200,
    });
    expect(sent.map((webhook) => [webhook.webhookId, webhook.body])).toEqual([
      ['wh_abcdefgh12_e-1', '{"id":"e-1"}'],
      ['wh_abcdefgh12_e-1', '{"id":"e-1"}'],
    ]);
    expect(deliveries.events.map((event) => event.type)).toEqual([
      'notifications.webhook-delivery.retrying.v1',
      'notifications.webhook-delivery.delivered.v1',
    ]);
    // A queued copy of a round already done sends nothing.
    expect(await usecase.execute({ key, round: 1 })).toEqual({ done: true });
    expect(sent).toHaveLength(2);
  });

  it('gives up once the retry period is over, and disables the subscription at the limit', async () => {
    const { usecase, clock, subscriptions, deliveries, delivery } = setUp(
      Array.from({ length: 20 }, () => refused),
    );
    for (const eventId of ['e-1', 'e-2']) {
      const { key } = delivery(eventId);
      const start = clock.now().getTime();
      for (;;) {
        const outcome = await usecase.execute({ key, round: 1 });
        if ('done' in outcome) break;
        expect(outcome.retryInMs).toBeGreaterThanOrEqual(500);
        expect(outcome.retryInMs).toBeLessThanOrEqual(4000);
        clock.set(new Date(clock.now().getTime() + outcome.retryInMs));
      }
      expect(clock.now().getTime() - start).toBeLessThanOrEqual(options.retryForMs);
      expect(deliveries.stored.get(key)?.status).toBe('failed');
    }
    expect(subscriptions.subscription).toMatchObject({
      status: 'disabled',
      disabledReason: 'failures',
      consecutiveFailures: 2,
    });
    expect(subscriptions.events.map((event) => event.type)).toEqual([
      'notifications.webhook.disabled.v1',
    ]);
    // Queued deliveries of a disabled subscription are given up without a request.
    const { key } = delivery('e-3');
    expect(await usecase.execute({ key, round: 1 })).toEqual({ done: true });
    expect(deliveries.stored.get(key)).toMatchObject({
      status: 'failed',
      reason: 'subscription-disabled',
      attempts: 0,
    });
  });

  it('signs with the previous secret too until its overlap ends', () => {
    const now = new Date('2026-03-01T10:00:00.000Z');
    const subscription = {
      secret: 'whsec_bmV3',
      previousSecret: 'whsec_b2xk',
      previousSecretUntil: new Date(now.getTime() + 1000),
    } as StoredSubscription;
    expect(secretsOf(subscription, now)).toEqual(['whsec_bmV3', 'whsec_b2xk']);
    expect(secretsOf(subscription, new Date(now.getTime() + 1000))).toEqual(['whsec_bmV3']);
  });
});
