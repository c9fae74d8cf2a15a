import { randomBytes } from 'node:crypto';
import {
  type Alert,
  type Conveyance,
  type Person,
  buildEvent,
  caseSubjectsLinked,
  watchlistHit,
} from '@opencen/contracts';
import { storedEvents } from '@opencen/testing';
import { type NatsConnection, connect } from 'nats';
import { type ProblemBody, api } from './support/gateway';

const draft = {
  reason: 'Courier of a cigarette smuggling ring',
  category: 'smuggling-suspect',
  validFrom: '2026-01-01',
  validTo: '2099-12-31',
  handlingInstruction: 'Notify the investigator, do not alert the subject',
};

describe('watchlist alerts through the gateway', () => {
  let person: Person;
  let alert: Alert;

  beforeAll(async () => {
    const reply = await api<{ outcome: string; person: Person }>('/api/v1/persons', {
      method: 'POST',
      as: 'officer',
      body: {
        draft: { familyName: 'Kowalczyk', givenNames: 'Zbigniew', dateOfBirth: '1971-03-04' },
        confirmedNew: true,
      },
    });
    expect(reply.status).toBe(201);
    person = reply.body.person;
  });

  it('lets an investigator raise an alert on a person: 201 with Location and ETag', async () => {
    const reply = await api<Alert>('/api/v1/alerts', {
      method: 'POST',
      as: 'investigator',
      body: { subject: { subjectType: 'person', subjectId: person.id }, draft },
    });
    expect(reply.status).toBe(201);
    alert = reply.body;
    expect(reply.headers.get('location')).toBe(`/api/v1/alerts/${alert.id}`);
    expect(reply.headers.get('etag')).toBe(`"${alert.version}"`);
    expect(alert).toMatchObject({
      subject: { subjectType: 'person', subjectId: person.id },
      status: 'active',
      ownerOffice: 'FRA-PAR',
    });
  });

  it('refuses an officer: 403', async () => {
    const reply = await api<ProblemBody>('/api/v1/alerts', {
      method: 'POST',
      as: 'officer',
      body: { subject: { subjectType: 'person', subjectId: person.id }, draft },
    });
    expect(reply.status).toBe(403);
  });

  it('lets an analyst read it, alone and in the list of the person', async () => {
    const read = await api<Alert>(`/api/v1/alerts/${alert.id}`, { as: 'analyst' });
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe(`"${alert.version}"`);
    expect(read.body).toMatchObject({ id: alert.id, reason: draft.reason });
    const list = await api<{ items: Alert[] }>(
      `/api/v1/alerts?subjectType=person&subjectId=${person.id}&activeOnly=true`,
      { as: 'analyst' },
    );
    expect(list.status).toBe(200);
    expect(list.body.items.map((item) => item.id)).toEqual([alert.id]);
  });

  it('lets the investigator change it with If-Match; a stale version is 409', async () => {
    const reply = await api<Alert>(`/api/v1/alerts/${alert.id}`, {
      method: 'PATCH',
      as: 'investigator',
      body: { ...draft, category: 'wanted' },
      headers: { 'if-match': `"${alert.version}"` },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ category: 'wanted', version: alert.version + 1 });
    const stale = await api<ProblemBody>(`/api/v1/alerts/${alert.id}`, {
      method: 'PATCH',
      as: 'investigator',
      body: draft,
      headers: { 'if-match': `"${alert.version}"` },
    });
    expect(stale.status).toBe(409);
    alert = reply.body;
  });

  it('lets the investigator withdraw it; then it is no longer active', async () => {
    const analyst = await api<ProblemBody>(`/api/v1/alerts/${alert.id}/withdraw`, {
      method: 'POST',
      as: 'analyst',
      headers: { 'if-match': `"${alert.version}"` },
    });
    expect(analyst.status).toBe(403);
    const reply = await api<Alert>(`/api/v1/alerts/${alert.id}/withdraw`, {
      method: 'POST',
      as: 'investigator',
      headers: { 'if-match': `"${alert.version}"` },
    });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: 'withdrawn', version: alert.version + 1 });
    expect(reply.headers.get('etag')).toBe(`"${alert.version + 1}"`);
    const active = await api<{ items: Alert[] }>(
      `/api/v1/alerts?subjectType=person&subjectId=${person.id}&activeOnly=true`,
      { as: 'analyst' },
    );
    expect(active.body.items).toEqual([]);
    const all = await api<{ items: Alert[] }>(
      `/api/v1/alerts?subjectType=person&subjectId=${person.id}`,
      { as: 'analyst' },
    );
    expect(all.body.items.map((item) => [item.id, item.status])).toEqual([[alert.id, 'withdrawn']]);
  });
});

describe('an alert on a means of conveyance through the gateway', () => {
  it('lets an investigator raise one on a vehicle; it is listed for the vehicle', async () => {
    const plate = `AL-${randomBytes(3).toString('hex').toUpperCase()}`;
    const created = await api<{ outcome: string; conveyance: Conveyance }>('/api/v1/conveyances', {
      method: 'POST',
      as: 'officer',
      body: { draft: { type: 'vehicle', plate }, confirmedNew: true },
    });
    expect(created.status).toBe(201);
    const vehicle = created.body.conveyance;
    const subject = { subjectType: 'conveyance', subjectId: vehicle.id };

    const raised = await api<Alert>('/api/v1/alerts', {
      method: 'POST',
      as: 'investigator',
      body: { subject, draft: { ...draft, category: 'fraud-risk' } },
    });
    expect(raised.status).toBe(201);
    expect(raised.body).toMatchObject({ subject, status: 'active', ownerOffice: 'FRA-PAR' });

    const list = await api<{ items: Alert[] }>(
      `/api/v1/alerts?subjectType=conveyance&subjectId=${vehicle.id}&activeOnly=true`,
      { as: 'analyst' },
    );
    expect(list.status).toBe(200);
    expect(list.body.items.map((item) => item.id)).toEqual([raised.body.id]);
    // The same id as a person is another subject: nothing is listed for it.
    const asPerson = await api<{ items: Alert[] }>(
      `/api/v1/alerts?subjectType=person&subjectId=${vehicle.id}`,
      { as: 'analyst' },
    );
    expect(asPerson.body.items).toEqual([]);
  });
});

describe('a case naming a person with an alert', () => {
  let nats: NatsConnection;

  beforeAll(async () => {
    // The apps' private nats-server (global setup), where the cases service publishes.
    nats = await connect({ servers: process.env.NATS_URL });
  });
  afterAll(() => nats?.close());

  /** A subjects-linked event as the cases service relays it: JetStream, msg id = event id. */
  async function publishCaseNaming(caseId: string, personId: string, recordedAt: string) {
    const event = buildEvent(caseSubjectsLinked, {
      subject: caseId,
      correlationId: `e2e-${randomBytes(4).toString('hex')}`,
      actor: 'e2e-officer',
      data: {
        caseId,
        office: 'FRA-CDG',
        recordedAt,
        subjects: [{ subjectType: 'person', subjectId: personId, role: 'suspect' }],
      },
    });
    await nats
      .jetstream()
      .publish(caseSubjectsLinked.subject, new TextEncoder().encode(JSON.stringify(event)), {
        msgID: event.id,
      });
  }

  it('counts the case on the person, with its last sighting, and emits one watchlist hit', async () => {
    const created = await api<{ outcome: string; person: Person }>('/api/v1/persons', {
      method: 'POST',
      as: 'officer',
      body: {
        draft: { familyName: 'Wiśniewska', givenNames: 'Halina', dateOfBirth: '1966-08-19' },
        confirmedNew: true,
      },
    });
    expect(created.status).toBe(201);
    const person = created.body.person;
    expect(person.caseCount).toBe(0);
    const raised = await api<Alert>('/api/v1/alerts', {
      method: 'POST',
      as: 'investigator',
      body: { subject: { subjectType: 'person', subjectId: person.id }, draft },
    });
    expect(raised.status).toBe(201);

    const caseId = `e2e-case-${randomBytes(4).toString('hex')}`;
    const recordedAt = '2026-05-04T10:20:30.000Z';
    await publishCaseNaming(caseId, person.id, recordedAt);
    // The same case naming the person again (a later change of the case) counts once.
    await publishCaseNaming(caseId, person.id, recordedAt);

    const deadline = Date.now() + 20_000;
    let read = await api<Person>(`/api/v1/persons/${person.id}`, { as: 'analyst' });
    while (read.body.caseCount !== 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      read = await api<Person>(`/api/v1/persons/${person.id}`, { as: 'analyst' });
    }
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ caseCount: 1 });
    expect(new Date(read.body.lastSeenAt!).toISOString()).toBe(recordedAt);
    // A case link is not an edit of the person: its version stays.
    expect(read.body.version).toBe(person.version);

    const hits = async () =>
      (
        await storedEvents<{ data: { alertId: string; caseId: string } }>(
          nats,
          watchlistHit.subject,
        )
      ).filter((event) => event.data.caseId === caseId);
    let found = await hits();
    while (found.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      found = await hits();
    }
    // Wait a little longer: a doubled hit would be on the stream by now.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect((await hits()).map((event) => event.data)).toEqual([
      expect.objectContaining({
        alertId: raised.body.id,
        subjectType: 'person',
        subjectId: person.id,
        ownerOffice: 'FRA-PAR',
      }),
    ]);
  });
});
