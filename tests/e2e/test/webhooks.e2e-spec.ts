import { randomBytes } from 'node:crypto';
import {
  type Case,
  type CloudEvent,
  type ExchangeCase,
  type Person,
  type WebhookDelivery,
  type WebhookSubscription,
} from '@opencen/contracts';
import { WebhookReceiver, ensureDemoUser, eventually, verifyWebhook } from '@opencen/testing';
import { type ProblemBody, api } from './support/gateway';

// Signed webhooks through the gateway with real Keycloak tokens of the demo integration user: a
// subscription to case events of an office, delivered signed to a real HTTP receiver; the
// automated transfer of a validated case in the non-nominal exchange format, without the names,
// document numbers or narrative seeded into it, and its record in the audit trail; bad input
// refused naming the field. The e2e stack lets endpoints be plain http (WEBHOOKS_ALLOW_HTTP).

const suffix = randomBytes(4).toString('hex').toUpperCase();
const person = {
  familyName: `Hartwell${suffix}`,
  givenNames: `Philippa${suffix}`,
  gender: 'female',
  dateOfBirth: '1984-07-09',
  nationalities: ['BE'],
  documents: [{ type: 'passport', number: `BEP${suffix}4` }],
};
const narrative = `${person.givenNames} ${person.familyName} hid the goods (passport ${person.documents[0]!.number}).`;

type Created = { subscription: WebhookSubscription; secret: string };

interface AuditPage {
  entries: { operation: string; action: string; actor: { sub: string } }[];
}

describe('signed webhooks through the gateway', () => {
  const receiver = new WebhookReceiver();

  beforeAll(async () => {
    await ensureDemoUser('integration');
    await receiver.start();
  });

  afterAll(async () => {
    await receiver.stop();
  });

  async function subscribe(body: Record<string, unknown>): Promise<Created> {
    const reply = await api<Created>('/api/v1/webhooks', {
      method: 'POST',
      as: 'integration',
      body,
    });
    expect(reply.status).toBe(201);
    expect(reply.headers.get('location')).toBe(`/api/v1/webhooks/${reply.body.subscription.id}`);
    return reply.body;
  }

  it('refuses bad input with a problem naming the field, and who may not manage webhooks', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ url: receiver.url(), eventTypes: ['cases.case.created.v1'], colour: 'red' }, 'colour'],
      [{ url: receiver.url(), eventTypes: ['cases.case.vanished.v1'] }, 'eventTypes.0'],
      [{ url: 'ftp://partner.example/hook', eventTypes: ['cases.case.created.v1'] }, 'url'],
      [
        { url: receiver.url(), eventTypes: ['cases.case.created.v1'], filters: { colour: ['x'] } },
        'filters',
      ],
    ];
    for (const [body, path] of cases) {
      const reply = await api<ProblemBody>('/api/v1/webhooks', {
        method: 'POST',
        as: 'integration',
        body,
      });
      expect([path, reply.status]).toEqual([path, 400]);
      expect(reply.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(reply.body.errors.map((error) => error.path).join(' ')).toContain(path);
    }
    const asOfficer = await api<ProblemBody>('/api/v1/webhooks', {
      method: 'POST',
      as: 'officer',
      body: { url: receiver.url(), eventTypes: ['cases.case.created.v1'] },
    });
    expect(asOfficer.status).toBe(403);
    // Nothing was stored by any of them.
    const mine = await api<{ items: WebhookSubscription[] }>('/api/v1/webhooks', {
      as: 'integration',
    });
    expect(mine.body.items.filter((s) => s.url.startsWith(receiver.url('')))).toEqual([]);
  });

  let validated: Case;
  let events: Created;
  let transfer: Created;

  it('delivers the case events of an office, signed, and transfers a validated case without nominal data', async () => {
    events = await subscribe({
      url: receiver.url('/events'),
      eventTypes: ['cases.case.created.v1'],
      filters: { office: ['FRA-CDG'] },
    });
    transfer = await subscribe({
      url: receiver.url('/transfer'),
      eventTypes: ['cases.case.validated.v1'],
      format: 'case-exchange',
      description: 'WCO CEN',
    });

    const created = await api<{ person: Person }>('/api/v1/persons', {
      method: 'POST',
      as: 'officer',
      body: { draft: person, confirmedNew: true },
    });
    expect(created.status).toBe(201);
    let kase = (
      await api<Case>('/api/v1/cases', {
        method: 'POST',
        as: 'officer',
        body: {
          draft: {
            type: 'seizure',
            detectedAt: new Date(Date.now() - 86_400_000).toISOString(),
            location: { office: 'FRA-CDG', country: 'FR' },
            procedure: 'import',
            detectionMethods: ['XRAY_SCANNER'],
            transportMode: 'ROAD',
            route: { departureCountry: 'BE', transitCountries: [], destinationCountry: 'FR' },
            items: [{ commodityCategory: 'DRUGS', quantity: 1.5, unit: 'KGM' }],
            parties: [
              {
                subjectType: 'person',
                subjectId: created.body.person.id,
                role: 'offender',
                arrested: true,
              },
            ],
            narrative,
          },
        },
      })
    ).body;
    for (const [as, transition] of [
      ['officer', 'submit'],
      ['supervisor', 'validate'],
    ] as const) {
      const reply = await api<Case>(`/api/v1/cases/${kase.id}/${transition}`, {
        method: 'POST',
        as,
        headers: { 'if-match': `"${kase.version}"` },
      });
      expect([
        transition,
        reply.status,
        reply.status === 200 ? '' : JSON.stringify(reply.body),
      ]).toEqual([transition, 200, '']);
      kase = reply.body;
    }
    validated = kase;

    // The created event, as published, signed with the subscription's secret.
    const createdEvent = await eventually(
      async () => {
        const found = receiver.received
          .map((webhook) => ({ webhook, event: JSON.parse(webhook.body) as CloudEvent }))
          .find(({ event }) => event.subject === kase.id && event.type === 'cases.case.created.v1');
        expect(found).toBeDefined();
        return found!;
      },
      20_000,
      'the created event at the receiver',
    );
    expect(createdEvent.webhook.id).toBe(`${events.subscription.id}_${createdEvent.event.id}`);
    expect(verifyWebhook(events.secret, createdEvent.webhook)).toEqual(createdEvent.event);

    // The transfer: the case's exchange record, nothing nominal in it.
    const transferred = await eventually(
      async () => {
        const found = receiver.received.filter((webhook) =>
          webhook.id.startsWith(`${transfer.subscription.id}_`),
        );
        expect(found).toHaveLength(1);
        return found[0]!;
      },
      20_000,
      'the transfer at the receiver',
    );
    const record = verifyWebhook(transfer.secret, transferred) as ExchangeCase;
    expect(record).toMatchObject({
      caseNumber: kase.number,
      status: 'validated',
      office: 'FRA-CDG',
      items: [expect.objectContaining({ commodityCategory: 'DRUGS', quantity: 1.5 })],
      persons: [
        { role: 'offender', arrested: true, nationality: 'BE', gender: 'female', ageBand: '35-44' },
      ],
    });
    for (const nominal of [person.familyName, person.givenNames, person.documents[0]!.number]) {
      expect(transferred.body).not.toContain(nominal);
    }
    expect(transferred.body).not.toContain(created.body.person.id);
    expect(Object.keys(record)).not.toContain('narrative');
  });

  it('records the transfer in the audit trail, as a disclosure of the case', async () => {
    const trail = await eventually(
      async () => {
        const reply = await api<AuditPage>(`/api/v1/audit/records/case/${validated.id}?limit=200`, {
          as: 'auditor',
        });
        expect(reply.status).toBe(200);
        const transfers = reply.body.entries.filter(
          (entry) => entry.operation === 'notifications.webhook-delivery.delivered.v1',
        );
        expect(transfers).toHaveLength(1);
        return transfers;
      },
      20_000,
      'the transfer in the audit trail',
    );
    expect(trail[0]).toMatchObject({ action: 'disclosure', actor: { sub: 'notifications' } });
  });

  it('lists the delivery log and replays an event with the same webhook-id', async () => {
    const log = await eventually(
      async () => {
        const reply = await api<{ items: WebhookDelivery[] }>(
          `/api/v1/webhooks/${transfer.subscription.id}/deliveries`,
          { as: 'integration' },
        );
        expect(reply.status).toBe(200);
        expect(reply.body.items).toHaveLength(1);
        return reply.body.items;
      },
      20_000,
      'the delivery in the log',
    );
    expect(log[0]).toMatchObject({
      caseId: validated.id,
      status: 'delivered',
      attempts: 1,
      responseStatus: 204,
    });
    const replay = await api<{ queued: number }>(
      `/api/v1/webhooks/${transfer.subscription.id}/replay`,
      { method: 'POST', as: 'integration', body: { eventId: log[0]!.eventId } },
    );
    expect(replay.status).toBe(202);
    expect(replay.body).toEqual({ queued: 1 });
    await eventually(
      async () => expect(receiver.withId(log[0]!.webhookId)).toHaveLength(2),
      20_000,
      'the replay at the receiver',
    );
    // Another role may not read it; an admin may.
    expect(
      (await api(`/api/v1/webhooks/${transfer.subscription.id}`, { as: 'liaison' })).status,
    ).toBe(403);
    const asAdmin = await api<WebhookSubscription>(`/api/v1/webhooks/${transfer.subscription.id}`, {
      as: 'admin',
    });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.headers.get('etag')).toBe(`"${asAdmin.body.version}"`);
    expect(JSON.stringify(asAdmin.body)).not.toContain('whsec_');
  });
});
