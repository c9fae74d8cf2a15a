import { randomUUID } from 'node:crypto';
import {
  type ReferenceEntry,
  eventFilterSubject,
  parseEvent,
  referenceEntryCreated,
  referenceEntryDeprecated,
  referenceEntryUpdated,
} from '@opencen/contracts';
import { decodeJwtPayload } from '@opencen/testing';
import { type NatsConnection, connect } from 'nats';
import { listenForEvents } from './support/events';
import { type ProblemBody, api, tokenOf, uniqueCode } from './support/gateway';

/** The reference entry events of one code, from now on: other tests publish to the same stream. */
function listenForEntryEvents(nats: NatsConnection, code: string) {
  return listenForEvents<ReferenceEntry>(
    nats,
    eventFilterSubject('reference', 'entry'),
    (event) => event.data?.code === code,
  );
}

describe('a create → update → deprecate round trip, seen by a JetStream subscriber', () => {
  let nats: NatsConnection;

  beforeAll(async () => {
    nats = await connect({ servers: process.env.NATS_URL });
  });
  afterAll(() => nats?.close());

  it('publishes each of the three events exactly once, with the caller’s correlation id', async () => {
    const code = uniqueCode('E2E_TRIP');
    const path = `/api/v1/reference/offence-types/${code}`;
    const adminSub = decodeJwtPayload(await tokenOf('admin')).sub;
    const listener = await listenForEntryEvents(nats, code);
    const correlation = {
      create: randomUUID(),
      update: `corr-update-${code}`,
      deprecate: randomUUID(),
    };
    try {
      const created = await api<ReferenceEntry>('/api/v1/reference/offence-types', {
        method: 'POST',
        as: 'admin',
        headers: { 'x-correlation-id': correlation.create },
        body: { code, labels: { en: 'Smuggling by drone', es: 'Contrabando con dron' } },
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe(path);
      expect(created.headers.get('x-correlation-id')).toBe(correlation.create);
      const createdTag = created.headers.get('etag')!;
      expect(createdTag).toBe(`"${created.body.version}"`);

      // A change must say which version it was made from.
      const blind = await api<ProblemBody>(path, {
        method: 'PATCH',
        as: 'admin',
        body: { labels: { en: 'x' } },
      });
      expect(blind.status).toBe(428);

      const updated = await api<ReferenceEntry>(path, {
        method: 'PATCH',
        as: 'admin',
        headers: { 'if-match': createdTag, 'x-correlation-id': correlation.update },
        body: {
          labels: {
            en: 'Smuggling by drone',
            es: 'Contrabando con dron',
            fr: 'Contrebande par drone',
          },
        },
      });
      expect(updated.status).toBe(200);
      expect(updated.body.version).toBeGreaterThan(created.body.version);
      expect(updated.headers.get('x-correlation-id')).toBe(correlation.update);

      // The version it was read at is gone: a conflict, and no event.
      const stale = await api<ProblemBody>(path, {
        method: 'PATCH',
        as: 'admin',
        headers: { 'if-match': createdTag },
        body: { labels: { en: 'Lost update' } },
      });
      expect({ status: stale.status, body: stale.body }).toMatchObject({
        status: 409,
        body: { code: 'CONFLICT' },
      });

      const deprecated = await api<ReferenceEntry>(`${path}/deprecate`, {
        method: 'POST',
        as: 'admin',
        headers: {
          'if-match': updated.headers.get('etag')!,
          'x-correlation-id': correlation.deprecate,
        },
      });
      expect(deprecated.status).toBe(200);
      expect(deprecated.body.deprecated).toBe(true);

      await listener.until(3);
      // Wait a little longer: a duplicate would arrive now.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const events = listener.received;
      expect(events.map((e) => e.subject)).toEqual([
        referenceEntryCreated.subject,
        referenceEntryUpdated.subject,
        referenceEntryDeprecated.subject,
      ]);
      expect(new Set(events.map((e) => e.event.id)).size).toBe(3);
      expect(events.map((e) => e.seq)).toEqual([...events.map((e) => e.seq)].sort((a, b) => a - b));

      const [createdEvent, updatedEvent, deprecatedEvent] = [
        parseEvent(referenceEntryCreated, events[0]!.event),
        parseEvent(referenceEntryUpdated, events[1]!.event),
        parseEvent(referenceEntryDeprecated, events[2]!.event),
      ];
      expect(createdEvent).toMatchObject({
        correlationid: correlation.create,
        actor: adminSub,
        data: { list: 'offence-types', code, version: created.body.version },
      });
      expect(updatedEvent).toMatchObject({
        correlationid: correlation.update,
        actor: adminSub,
        data: { labels: { fr: 'Contrebande par drone' }, version: updated.body.version },
      });
      expect(deprecatedEvent).toMatchObject({
        correlationid: correlation.deprecate,
        actor: adminSub,
        data: { deprecated: true, version: deprecated.body.version },
      });

      // And the entry reads as it was left, deprecated but still there.
      const read = await api<ReferenceEntry>(path, {
        as: 'officer',
        headers: { 'accept-language': 'fr' },
      });
      expect(read.body).toMatchObject({
        deprecated: true,
        label: 'Contrebande par drone',
        labelLanguage: 'fr',
        version: deprecated.body.version,
      });
    } finally {
      await listener.stop();
    }
  });

  it('lets one of two concurrent changes from the same version win, and publishes only its event', async () => {
    const code = uniqueCode('E2E_RACE');
    const path = `/api/v1/reference/offence-types/${code}`;
    const listener = await listenForEntryEvents(nats, code);
    try {
      const created = await api<ReferenceEntry>('/api/v1/reference/offence-types', {
        method: 'POST',
        as: 'admin',
        body: { code, labels: { en: 'Race' } },
      });
      expect(created.status).toBe(201);
      const change = (label: string) =>
        api<ReferenceEntry | ProblemBody>(path, {
          method: 'PATCH',
          as: 'admin',
          headers: { 'if-match': created.headers.get('etag')! },
          body: { labels: { en: label } },
        });
      const replies = await Promise.all([change('Race A'), change('Race B')]);
      expect(replies.map((reply) => reply.status).sort()).toEqual([200, 409]);
      const winner = replies.find((reply) => reply.status === 200)!.body as ReferenceEntry;

      await listener.until(2);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(listener.received.map((e) => e.subject)).toEqual([
        referenceEntryCreated.subject,
        referenceEntryUpdated.subject,
      ]);
      expect(listener.received[1]!.event.data.labels.en).toBe(winner.labels.en);
      const read = await api<ReferenceEntry>(path, { as: 'officer' });
      expect(read.body).toMatchObject({
        version: winner.version,
        labels: { en: winner.labels.en },
      });
    } finally {
      await listener.stop();
    }
  });
});
