import { type CloudEvent, type Principal } from '@opencen/contracts';
import { FixedClock, SequentialIds } from '@opencen/testing';

import { ManageWebhooks } from './manage-webhooks';
import {
  type StoredSubscription,
  type SubscriptionChanges,
  SubscriptionDirectory,
  type WebhookOptions,
  WebhookSubscriptions,
} from './ports';

class Subscriptions extends WebhookSubscriptions {
  readonly stored = new Map<string, StoredSubscription>();
  readonly events: CloudEvent[] = [];
  async insert(subscription: StoredSubscription, event: CloudEvent) {
    this.stored.set(subscription.id, subscription);
    this.events.push(event);
  }
  async get(id: string) {
    return this.stored.get(id) ?? null;
  }
  async all() {
    return [...this.stored.values()];
  }
  async update(
    id: string,
    version: number,
    changes: SubscriptionChanges,
    events: readonly CloudEvent[],
  ) {
    const current = this.stored.get(id)!;
    expect(current.version).toBe(version);
    this.stored.set(id, { ...current, ...changes, version: version + 1 });
    this.events.push(...events);
  }
}

class Directory extends SubscriptionDirectory {
  refreshed = 0;
  current() {
    return [];
  }
  async refresh() {
    this.refreshed += 1;
  }
}

const options = (allowHttp: boolean): WebhookOptions => ({
  allowHttp,
  retryForMs: 1000,
  retryInitialMs: 100,
  retryMaxDelayMs: 100,
  disableAfterFailures: 3,
});
const integration: Principal = { sub: 'int-1', username: 'partner', roles: ['integration'] };
const context = (principal: Principal) => ({ correlationId: 'c-1', principal });
const request = {
  url: 'https://partner.example/hook',
  eventTypes: ['cases.case.validated.v1'],
  filters: {},
  format: 'cloudevent' as const,
};

describe('ManageWebhooks', () => {
  function setUp(allowHttp = false) {
    const subscriptions = new Subscriptions();
    const directory = new Directory();
    const ids = new SequentialIds();
    const usecase = new ManageWebhooks(
      subscriptions,
      directory,
      options(allowHttp),
      new FixedClock(),
      ids,
    );
    return { usecase, subscriptions, directory, ids };
  }

  it('answers the subscription and secret a crashed run of the same Idempotency-Key request stored, without a second event', async () => {
    const first = setUp();
    const created = await first.usecase.create({ ...request, context: context(integration) });
    // The repeating run is given the same id (SequentialIds starts again at 1).
    const repeat = new ManageWebhooks(
      first.subscriptions,
      first.directory,
      options(false),
      new FixedClock(),
      Object.assign(new SequentialIds(), { repeating: true }),
    );
    const again = await repeat.create({ ...request, context: context(integration) });
    expect(again).toEqual(created);
    expect(first.subscriptions.stored.size).toBe(1);
    expect(first.subscriptions.events).toHaveLength(1);
    expect(created.subscription.id).toMatch(/^wh_[A-Za-z0-9_-]{22}$/);
  });

  it('creates a subscription with a new secret, an event without it, and refreshes the directory', async () => {
    const { usecase, subscriptions, directory } = setUp();
    const { subscription, secret } = await usecase.create({
      ...request,
      context: context(integration),
    });
    expect(subscription).toMatchObject({ owner: 'int-1', status: 'active', version: 1 });
    expect(subscriptions.stored.get(subscription.id)?.secret).toBe(secret);
    expect(JSON.stringify(subscriptions.events)).not.toContain(secret);
    expect(JSON.stringify(subscription)).not.toContain('whsec_');
    expect(directory.refreshed).toBe(1);
  });

  it('refuses plain http unless the deployment allows it, naming url, and stores nothing', async () => {
    const { usecase, subscriptions } = setUp(false);
    await expect(
      usecase.create({
        ...request,
        url: 'http://partner.example/hook',
        context: context(integration),
      }),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'url' })],
    });
    expect(subscriptions.stored.size).toBe(0);
    const allowed = setUp(true);
    await expect(
      allowed.usecase.create({
        ...request,
        url: 'http://127.0.0.1:9/hook',
        context: context(integration),
      }),
    ).resolves.toBeDefined();
  });

  it('refuses the notifications service’s own events and unknown ones, and users without the role', async () => {
    const { usecase } = setUp();
    await expect(
      usecase.create({
        ...request,
        eventTypes: ['notifications.webhook-delivery.delivered.v1'],
        context: context(integration),
      }),
    ).rejects.toMatchObject({ details: [expect.objectContaining({ path: 'eventTypes.0' })] });
    await expect(
      usecase.create({ ...request, context: context({ ...integration, roles: ['officer'] }) }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it("shows another client's subscription as not found, an admin's every one; rotates with an overlap", async () => {
    const { usecase } = setUp();
    const { subscription, secret } = await usecase.create({
      ...request,
      context: context(integration),
    });
    const stranger = { ...integration, sub: 'int-2' };
    await expect(
      usecase.get({ id: subscription.id, context: context(stranger) }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await usecase.list({ context: context(stranger) })).items).toEqual([]);
    const admin = { ...integration, sub: 'adm', roles: ['admin' as const] };
    expect((await usecase.list({ context: context(admin) })).items).toHaveLength(1);
    const rotated = await usecase.rotateSecret({
      id: subscription.id,
      overlapSeconds: 60,
      context: context(integration),
    });
    expect(rotated.secret).not.toBe(secret);
    expect(rotated.subscription).toMatchObject({
      version: 2,
      previousSecretUntil: '2026-03-01T10:01:00.000Z',
    });
  });
});
