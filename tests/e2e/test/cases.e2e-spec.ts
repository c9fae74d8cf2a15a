import { randomUUID } from 'node:crypto';
import {
  type Alert,
  type Case,
  type CaseComment,
  type Person,
  parseEvent,
  watchlistHit,
} from '@opencen/contracts';
import { decodeJwtPayload } from '@opencen/testing';
import { type NatsConnection, connect } from 'nats';
import { listenForEvents } from './support/events';
import { type ProblemBody, api, tokenOf } from './support/gateway';

type History = {
  changes: { version: number; change: string; by: string; fields: string[]; comment?: string }[];
};

/** One hour ago, as an officer would enter the time of detection. */
const detectedAt = new Date(Date.now() - 3_600_000).toISOString();

/** A seizure at Roissy with the mandatory minimum but no concealment method. */
const seizure = {
  type: 'seizure',
  detectedAt,
  location: { office: 'FRA-CDG', placeType: 'airport', country: 'FR' },
  procedure: 'passenger',
  detectionMethods: ['XRAY_SCANNER'],
  transportMode: 'AIR',
  items: [
    {
      commodityCategory: 'DRUGS',
      hsCode: '293979',
      description: 'White powder in a suitcase',
      quantity: 12.5,
      unit: 'KGM',
    },
  ],
  route: { departureCountry: 'BR', transitCountries: ['PT'], destinationCountry: 'FR' },
  narrative: 'Passenger selected by risk profile.',
};

const read = (id: string) => api<Case>(`/api/v1/cases/${id}`, { as: 'officer' });
const ifMatch = (kase: Pick<Case, 'version'>) => ({ 'if-match': `"${kase.version}"` });
/** The field paths of a problem, sorted. */
const paths = (problem: ProblemBody) => problem.errors.map((error) => error.path).sort();

describe('the case workflow through the gateway', () => {
  let kase: Case;

  /** A transition by `as`, which must succeed; keeps the case it answers. */
  async function step(as: 'officer' | 'supervisor', transition: string, body?: object) {
    const reply = await api<Case>(`/api/v1/cases/${kase.id}/${transition}`, {
      method: 'POST',
      as,
      body,
      headers: ifMatch(kase),
    });
    expect([transition, reply.status]).toEqual([transition, 200]);
    expect(reply.headers.get('etag')).toBe(`"${kase.version + 1}"`);
    kase = reply.body;
    return kase;
  }

  it('lets an officer record a draft: 201 with its number, Location and ETag', async () => {
    const reply = await api<Case>('/api/v1/cases', {
      method: 'POST',
      as: 'officer',
      body: { draft: seizure },
    });
    expect(reply.status).toBe(201);
    kase = reply.body;
    expect(reply.headers.get('location')).toBe(`/api/v1/cases/${kase.id}`);
    expect(reply.headers.get('etag')).toBe(`"${kase.version}"`);
    expect(kase).toMatchObject({
      office: 'FRA-CDG',
      status: 'draft',
      version: 1,
      items: [{ commodityCategory: 'DRUGS', unit: 'KGM' }],
    });
    expect(kase.number).toMatch(/^FRACDG-\d{4}-\d{6,}$/);
    // By its number too, as officers quote it.
    const byNumber = await api<Case>(`/api/v1/cases/${kase.number}`, { as: 'officer' });
    expect(byNumber.body.id).toBe(kase.id);
  });

  it('takes it through submit, reject, fix, resubmit, validate and close', async () => {
    await step('officer', 'submit', { comment: 'Ready for validation' });
    expect(kase.status).toBe('submitted');

    await step('supervisor', 'reject', { reason: 'Say how the drugs were concealed' });
    expect(kase).toMatchObject({
      status: 'draft',
      rejection: { reason: 'Say how the drugs were concealed' },
    });

    const fixed = await api<Case>(`/api/v1/cases/${kase.id}`, {
      method: 'PUT',
      as: 'officer',
      body: {
        ...seizure,
        items: [{ ...seizure.items[0], concealment: { method: 'BAGGAGE_FALSE_BOTTOM' } }],
      },
      headers: ifMatch(kase),
    });
    expect(fixed.status).toBe(200);
    expect(fixed.headers.get('etag')).toBe(`"${kase.version + 1}"`);
    kase = fixed.body;
    expect(kase.items[0]!.concealment).toEqual({ method: 'BAGGAGE_FALSE_BOTTOM' });

    await step('officer', 'submit');
    expect(kase.status).toBe('submitted');
    expect(kase.rejection).toBeUndefined();
    await step('supervisor', 'validate', { comment: 'Complete' });
    await step('supervisor', 'close');
    expect(kase.status).toBe('closed');

    expect(kase.workflow.map((s) => `${s.transition}:${s.from}→${s.to}`)).toEqual([
      'submit:draft→submitted',
      'reject:submitted→draft',
      'submit:draft→submitted',
      'validate:submitted→validated',
      'close:validated→closed',
    ]);
    const history = await api<History>(`/api/v1/cases/${kase.id}/history`, { as: 'analyst' });
    expect(history.status).toBe(200);
    expect(history.body.changes.map((c) => [c.version, c.change])).toEqual([
      [1, 'created'],
      [2, 'submit'],
      [3, 'reject'],
      [4, 'updated'],
      [5, 'submit'],
      [6, 'validate'],
      [7, 'close'],
    ]);
    expect(history.body.changes[2]).toMatchObject({
      comment: 'Say how the drugs were concealed',
      by: decodeJwtPayload(await tokenOf('supervisor')).sub,
    });
    expect(history.body.changes[3]!.fields).toEqual(['items']);
    // What the supervisor closed is what an analyst reads.
    const analyst = await api<Case>(`/api/v1/cases/${kase.id}`, { as: 'analyst' });
    expect(analyst.status).toBe(200);
    expect(analyst.headers.get('etag')).toBe(`"${kase.version}"`);
    expect(analyst.body).toEqual(kase);
  });

  it('keeps an officer to the workflow: no reopening by an officer, no edit once closed', async () => {
    const reopen = await api<ProblemBody>(`/api/v1/cases/${kase.id}/reopen`, {
      method: 'POST',
      as: 'officer',
      body: { comment: 'I want to change it' },
      headers: ifMatch(kase),
    });
    expect(reopen.status).toBe(403);
    const edit = await api<ProblemBody>(`/api/v1/cases/${kase.id}`, {
      method: 'PUT',
      as: 'officer',
      body: seizure,
      headers: ifMatch(kase),
    });
    expect(edit.status).toBe(409);
    expect(edit.body.errors).toEqual([expect.objectContaining({ path: 'status' })]);
    expect((await read(kase.id)).body.version).toBe(kase.version);
  });

  it('keeps a comment thread that does not change the version', async () => {
    const added = await api<CaseComment>(`/api/v1/cases/${kase.id}/comments`, {
      method: 'POST',
      as: 'officer',
      body: { text: 'Goods handed to the laboratory' },
    });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ text: 'Goods handed to the laboratory', byName: 'officer' });
    const thread = await api<{ items: CaseComment[] }>(`/api/v1/cases/${kase.id}/comments`, {
      as: 'supervisor',
    });
    expect(thread.body.items.map((c) => c.text)).toEqual(['Goods handed to the laboratory']);
    expect((await read(kase.id)).body.version).toBe(kase.version);
  });
});

describe('what the gateway and the cases service refuse', () => {
  let draft: Case;

  beforeAll(async () => {
    const reply = await api<Case>('/api/v1/cases', {
      method: 'POST',
      as: 'officer',
      body: { draft: seizure },
    });
    expect(reply.status).toBe(201);
    draft = reply.body;
  });

  it('refuses an officer of another office: the case is not theirs to see or change', async () => {
    const get = await api<ProblemBody>(`/api/v1/cases/${draft.id}`, { as: 'officer2' });
    expect(get.status).toBe(404);
    const put = await api<ProblemBody>(`/api/v1/cases/${draft.id}`, {
      method: 'PUT',
      as: 'officer2',
      body: { ...seizure, narrative: 'Changed by another office' },
      headers: ifMatch(draft),
    });
    expect(put.status).toBe(404);
    const submit = await api<ProblemBody>(`/api/v1/cases/${draft.id}/submit`, {
      method: 'POST',
      as: 'officer2',
      headers: ifMatch(draft),
    });
    expect(submit.status).toBe(404);
    const back = await read(draft.id);
    expect(back.body).toEqual(draft);
  });

  it('answers bad input with problem+json naming each bad field, and changes nothing', async () => {
    const shape = await api<ProblemBody>(`/api/v1/cases/${draft.id}`, {
      method: 'PUT',
      as: 'officer',
      body: {
        ...seizure,
        detectedAt: '14/03/2026',
        items: [{ ...seizure.items[0], hsCode: '29AB', quantity: -3 }],
        route: { departureCountry: 'Brazil' },
      },
      headers: ifMatch(draft),
    });
    expect(shape.status).toBe(400);
    expect(shape.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(shape.body).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(paths(shape.body)).toEqual([
      'detectedAt',
      'items.0.hsCode',
      'items.0.quantity',
      'route.departureCountry',
    ]);

    // Well formed, but codes that are in no list: the service names each.
    const codes = await api<ProblemBody>(`/api/v1/cases/${draft.id}`, {
      method: 'PUT',
      as: 'officer',
      body: {
        ...seizure,
        detectionMethods: ['XRAY_SCANNER', 'CRYSTAL_BALL'],
        items: [{ ...seizure.items[0], unit: 'FURLONG' }],
        route: { ...seizure.route, destinationCountry: 'XX' },
      },
      headers: ifMatch(draft),
    });
    expect(codes.status).toBe(400);
    expect(codes.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(paths(codes.body)).toEqual([
      'detectionMethods.1',
      'items.0.unit',
      'route.destinationCountry',
    ]);

    const create = await api<ProblemBody>('/api/v1/cases', {
      method: 'POST',
      as: 'officer',
      body: { draft: { ...seizure, type: 'smuggling', items: [{ unit: 'FURLONG' }] } },
    });
    expect(create.status).toBe(400);
    expect(paths(create.body)).toEqual(['draft.type']);

    const back = await read(draft.id);
    expect(back.body).toEqual(draft);
    const history = await api<History>(`/api/v1/cases/${draft.id}/history`, { as: 'officer' });
    expect(history.body.changes.map((c) => c.change)).toEqual(['created']);
  });

  it('answers a change from a stale version with 409, and keeps the newer one', async () => {
    const stale = ifMatch(draft);
    const first = await api<Case>(`/api/v1/cases/${draft.id}`, {
      method: 'PUT',
      as: 'officer',
      body: { ...seizure, narrative: 'First edit' },
      headers: stale,
    });
    expect(first.status).toBe(200);
    const second = await api<ProblemBody>(`/api/v1/cases/${draft.id}`, {
      method: 'PUT',
      as: 'officer',
      body: { ...seizure, narrative: 'Lost edit' },
      headers: stale,
    });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('CONFLICT');
    const submit = await api<ProblemBody>(`/api/v1/cases/${draft.id}/submit`, {
      method: 'POST',
      as: 'officer',
      headers: stale,
    });
    expect(submit.status).toBe(409);
    const back = await read(draft.id);
    expect(back.body).toMatchObject({
      narrative: 'First edit',
      status: 'draft',
      version: first.body.version,
    });
    draft = back.body;
  });

  it('names every field an incomplete draft lacks for submission, and keeps it a draft', async () => {
    const created = await api<Case>('/api/v1/cases', {
      method: 'POST',
      as: 'officer',
      body: {
        draft: { type: 'offence', items: [{ commodityCategory: 'TOBACCO' }], narrative: 'Tip-off' },
      },
    });
    expect(created.status).toBe(201);
    const incomplete = created.body;
    const submit = await api<ProblemBody>(`/api/v1/cases/${incomplete.id}/submit`, {
      method: 'POST',
      as: 'officer',
      headers: ifMatch(incomplete),
    });
    expect(submit.status).toBe(400);
    expect(submit.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(paths(submit.body)).toEqual([
      'draft.detectedAt',
      'draft.detectionMethods',
      'draft.items.0.quantity',
      'draft.items.0.unit',
      'draft.location.office',
      'draft.route',
    ]);
    const back = await read(incomplete.id);
    expect(back.body).toMatchObject({ status: 'draft', version: incomplete.version });
  });

  it('keeps roles apart: an analyst reads but records nothing, officer2 cannot validate', async () => {
    const analyst = await api<ProblemBody>('/api/v1/cases', {
      method: 'POST',
      as: 'analyst',
      body: { draft: seizure },
    });
    expect(analyst.status).toBe(403);
    const officer = await api<ProblemBody>(`/api/v1/cases/${draft.id}/validate`, {
      method: 'POST',
      as: 'officer2',
      headers: ifMatch(draft),
    });
    expect(officer.status).toBe(403);
    const anonymous = await api<ProblemBody>(`/api/v1/cases/${draft.id}`);
    expect(anonymous.status).toBe(401);
  });
});

describe('a case that names a person on the watchlist', () => {
  let nats: NatsConnection;

  beforeAll(async () => {
    nats = await connect({ servers: process.env.NATS_URL });
  });
  afterAll(() => nats?.close());

  it('reaches a JetStream subscriber once, with the correlation id of the case’s creation', async () => {
    const person = await api<{ outcome: string; person: Person }>('/api/v1/persons', {
      method: 'POST',
      as: 'officer',
      body: {
        draft: { familyName: 'Wójcik', givenNames: 'Bartłomiej', dateOfBirth: '1969-08-21' },
        confirmedNew: true,
      },
    });
    expect(person.status).toBe(201);
    const personId = person.body.person.id;
    const alert = await api<Alert>('/api/v1/alerts', {
      method: 'POST',
      as: 'investigator',
      body: {
        subject: { subjectType: 'person', subjectId: personId },
        draft: {
          reason: 'Courier of a cocaine ring',
          category: 'smuggling-suspect',
          validFrom: '2020-01-01',
          validTo: '2099-12-31',
          handlingInstruction: 'Notify the investigator, do not alert the subject',
        },
      },
    });
    expect(alert.status).toBe(201);

    const listener = await listenForEvents<{ alertId: string }>(
      nats,
      watchlistHit.subject,
      (event) => event.data?.alertId === alert.body.id,
    );
    try {
      const correlationId = randomUUID();
      const created = await api<Case>('/api/v1/cases', {
        method: 'POST',
        as: 'officer',
        headers: { 'x-correlation-id': correlationId },
        body: {
          draft: {
            ...seizure,
            parties: [
              { subjectType: 'person', subjectId: personId, role: 'offender', arrested: true },
            ],
          },
        },
      });
      expect(created.status).toBe(201);

      await listener.until(1, 20_000);
      // A duplicate would arrive now.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(listener.received.map((r) => r.subject)).toEqual([watchlistHit.subject]);
      const hit = parseEvent(watchlistHit, listener.received[0]!.event);
      expect(hit).toMatchObject({
        correlationid: correlationId,
        data: {
          alertId: alert.body.id,
          subjectType: 'person',
          subjectId: personId,
          caseId: created.body.id,
          ownerOffice: 'FRA-PAR',
          ownerOfficer: decodeJwtPayload(await tokenOf('investigator')).sub,
        },
      });
    } finally {
      await listener.stop();
    }
  });
});
