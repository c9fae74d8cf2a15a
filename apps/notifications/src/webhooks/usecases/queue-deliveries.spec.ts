import { buildEvent, caseCreated, type CloudEvent } from '@opencen/contracts';
import { FixedClock } from '@opencen/testing';

import {
  type DeliveryChanges,
  type DeliveryItem,
  DeliveryQueue,
  type StoredDelivery,
  type StoredSubscription,
  SubscriptionDirectory,
  WebhookDeliveries,
} from './ports';
import { QueueDeliveries } from './queue-deliveries';

class Deliveries extends WebhookDeliveries {
  readonly stored = new Map<string, StoredDelivery>();
  readonly events: CloudEvent[] = [];
  async insert(delivery: StoredDelivery) {
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

class Queue extends DeliveryQueue {
  readonly items: [string, DeliveryItem][] = [];
  async enqueue(subscriptionId: string, item: DeliveryItem) {
    this.items.push([subscriptionId, item]);
  }
}

const subscription = (id: string, office: string): StoredSubscription => ({
  id,
  owner: 'int-1',
  url: 'https://partner.example/hook',
  eventTypes: ['cases.case.created.v1'],
  filters: { office: [office] },
  format: 'cloudevent',
  status: 'active',
  consecutiveFailures: 0,
  secret: 'whsec_c2VjcmV0',
  createdAt: new Date(0),
  updatedAt: new Date(0),
  version: 1,
});

class Directory extends SubscriptionDirectory {
  current() {
    return [subscription('wh_cdg0000001', 'FRA-CDG'), subscription('wh_ory0000001', 'FRA-ORY')];
  }
  async refresh() {}
}

const created = buildEvent(caseCreated, {
  subject: 'case-1',
  correlationId: 'c-1',
  actor: 'u-1',
  data: {
    caseId: 'case-1',
    number: 'FRA-CDG-2026-000001',
    office: 'FRA-CDG',
    type: 'seizure',
    status: 'draft',
    version: 1,
    classification: 'restricted',
    subjects: [],
  },
});

describe('QueueDeliveries', () => {
  function setUp() {
    const deliveries = new Deliveries();
    const queue = new Queue();
    const usecase = new QueueDeliveries(new Directory(), deliveries, queue, new FixedClock());
    return { deliveries, queue, usecase };
  }

  it('stores one delivery per matching subscription, with the event as published, and queues it', async () => {
    const { deliveries, queue, usecase } = setUp();
    expect(await usecase.execute(created)).toBe(1);
    const key = `wh_cdg0000001/${created.id}`;
    expect(deliveries.stored.get(key)).toMatchObject({
      status: 'pending',
      round: 1,
      caseId: 'case-1',
      eventJson: JSON.stringify(created),
    });
    expect(deliveries.events).toEqual([]);
    expect(queue.items).toEqual([['wh_cdg0000001', { key, round: 1 }]]);
  });

  it('stores nothing twice for an event handled again; queues its round again only while pending', async () => {
    const { deliveries, queue, usecase } = setUp();
    await usecase.execute(created);
    await usecase.execute(created);
    expect(deliveries.stored.size).toBe(1);
    // Pending: queued again (JetStream keeps one copy of a key and round).
    expect(queue.items).toHaveLength(2);
    const key = `wh_cdg0000001/${created.id}`;
    deliveries.stored.set(key, { ...deliveries.stored.get(key)!, status: 'delivered' });
    await usecase.execute(created);
    expect(queue.items).toHaveLength(2);
  });

  it('replays a delivery as a new round of the same key', async () => {
    const { deliveries, queue, usecase } = setUp();
    await usecase.execute(created);
    const key = `wh_cdg0000001/${created.id}`;
    deliveries.stored.set(key, {
      ...deliveries.stored.get(key)!,
      status: 'delivered',
      attempts: 1,
    });
    await usecase.requeue(deliveries.stored.get(key)!);
    expect(deliveries.stored.get(key)).toMatchObject({ status: 'pending', attempts: 0, round: 2 });
    expect(deliveries.events.map((event) => event.type)).toEqual([
      'notifications.webhook-delivery.queued.v1',
    ]);
    expect(queue.items.at(-1)).toEqual(['wh_cdg0000001', { key, round: 2 }]);
  });
});
