import { type Alert } from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';
import { type Problem } from '../problems/problem';
import {
  type Replier,
  expectedOutcomes,
  roleOutcomes,
  useStubbedGateway,
} from '../testing/gateway-harness';

// Watchlist alerts over HTTP, with Keycloak and NATS stubbed.

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'a-1',
    subject: { subjectType: 'person', subjectId: 'p-1' },
    reason: 'Courier of a smuggling ring',
    category: 'smuggling-suspect',
    validFrom: '2026-01-01',
    validTo: '2026-12-31',
    handlingInstruction: 'Notify the investigator, do not alert the subject',
    ownerOffice: 'FRA-CDG',
    ownerOfficer: 'sub-investigator',
    status: 'active',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

const defaultReply: Replier = async (subject, payload) => {
  switch (subject) {
    case 'persons.alert.raise':
      return alert({ id: 'a/2' });
    case 'persons.alert.list':
      return { items: [alert()] };
    case 'persons.alert.update':
      return alert({ version: Number(payload.version) + 1 });
    case 'persons.alert.withdraw':
      return alert({ status: 'withdrawn', version: Number(payload.version) + 1 });
    case 'persons.alert.get':
      return alert({ id: String(payload.id), version: 5 });
    default:
      throw new Error(`unexpected ${subject}`);
  }
};

const draft = {
  reason: 'Courier of a smuggling ring',
  category: 'smuggling-suspect',
  validFrom: '2026-01-01',
  validTo: '2026-12-31',
  handlingInstruction: 'Notify the investigator, do not alert the subject',
};
const subject = { subjectType: 'person', subjectId: 'p-1' };

describe('alerts over HTTP (stubbed Keycloak and NATS)', () => {
  const { nats, call } = useStubbedGateway(defaultReply);

  it('raise: the body is the contract request; 201 with Location and ETag', async () => {
    const response = await call('/api/v1/alerts', {
      method: 'POST',
      as: 'investigator',
      body: { subject, draft },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/api/v1/alerts/a%2F2');
    expect(response.headers.get('etag')).toBe('"1"');
    expect(nats.sent[0]).toMatchObject({
      subject: 'persons.alert.raise',
      payload: { subject, draft },
    });
  });

  it('raise: names faulty fields (400), validity period included, and sends nothing', async () => {
    const response = await call('/api/v1/alerts', {
      method: 'POST',
      as: 'investigator',
      body: {
        subject: { subjectType: 'ship', subjectId: 'x' },
        draft: { ...draft, validTo: '2025-01-01' },
      },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as Problem).errors.map((e) => e.path).sort()).toEqual([
      'draft.validTo',
      'subject.subjectType',
    ]);
    expect(nats.sent).toEqual([]);
  });

  it('list: the subject from two query parameters; activeOnly read as a boolean', async () => {
    const response = await call('/api/v1/alerts?subjectType=person&subjectId=p-1&activeOnly=true', {
      as: 'analyst',
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ items: [alert()] });
    expect(nats.sent[0]).toMatchObject({
      subject: 'persons.alert.list',
      payload: { subject, activeOnly: true },
    });
    await call('/api/v1/alerts?subjectType=company&subjectId=c-1', { as: 'officer' });
    expect(nats.sent[1]!.payload).toEqual({
      subject: { subjectType: 'company', subjectId: 'c-1' },
      activeOnly: false,
    });
    nats.sent = [];
    const without = await call('/api/v1/alerts?subjectType=person', { as: 'analyst' });
    expect(without.status).toBe(400);
    expect(((await without.json()) as Problem).errors.map((e) => e.path)).toEqual(['subjectId']);
    expect(nats.sent).toEqual([]);
  });

  it('get: the id from the path, the version as ETag', async () => {
    const response = await call('/api/v1/alerts/a-7', { as: 'officer' });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"5"');
    expect(nats.sent[0]).toMatchObject({ subject: 'persons.alert.get', payload: { id: 'a-7' } });
  });

  it('update (PATCH): the body is the draft, the version from If-Match; 428 without', async () => {
    const response = await call('/api/v1/alerts/a-7', {
      method: 'PATCH',
      as: 'supervisor',
      body: draft,
      headers: { 'if-match': '"5"' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"6"');
    expect(nats.sent[0]).toMatchObject({
      subject: 'persons.alert.update',
      payload: { id: 'a-7', version: 5, draft },
    });
    nats.sent = [];
    const without = await call('/api/v1/alerts/a-7', {
      method: 'PATCH',
      as: 'supervisor',
      body: draft,
    });
    expect(without.status).toBe(428);
    const bad = await call('/api/v1/alerts/a-7', {
      method: 'PATCH',
      as: 'supervisor',
      body: { ...draft, validTo: '2025-01-01' },
      headers: { 'if-match': '"5"' },
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Problem).errors.map((e) => e.path)).toEqual(['validTo']);
    expect(nats.sent).toEqual([]);
  });

  it('withdraw: no body needed, the version from If-Match; stale is 409', async () => {
    const response = await call('/api/v1/alerts/a-7/withdraw', {
      method: 'POST',
      as: 'investigator',
      headers: { 'if-match': '"5"' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"6"');
    expect(await response.json()).toMatchObject({ status: 'withdrawn' });
    expect(nats.sent[0]).toMatchObject({
      subject: 'persons.alert.withdraw',
      payload: { id: 'a-7', version: 5 },
    });
    nats.sent = [];
    const without = await call('/api/v1/alerts/a-7/withdraw', {
      method: 'POST',
      as: 'investigator',
    });
    expect(without.status).toBe(428);
    expect(nats.sent).toEqual([]);
    nats.reply = async () => {
      throw ServiceError.conflict('The alert changed since version 4');
    };
    const stale = await call('/api/v1/alerts/a-7/withdraw', {
      method: 'POST',
      as: 'investigator',
      headers: { 'if-match': '"4"' },
    });
    expect(stale.status).toBe(409);
  });

  describe('roles', () => {
    const readers = ['officer', 'supervisor', 'investigator', 'analyst'];
    const managers = ['supervisor', 'investigator'];
    const ifMatch = { 'if-match': '"1"' };
    const routes = [
      {
        name: 'raise',
        method: 'POST',
        path: '/api/v1/alerts',
        body: { subject, draft },
        allowed: managers,
        status: 201,
      },
      {
        name: 'list',
        method: 'GET',
        path: '/api/v1/alerts?subjectType=person&subjectId=p',
        allowed: readers,
        status: 200,
      },
      { name: 'get', method: 'GET', path: '/api/v1/alerts/a', allowed: readers, status: 200 },
      {
        name: 'update',
        method: 'PATCH',
        path: '/api/v1/alerts/a',
        body: draft,
        headers: ifMatch,
        allowed: managers,
        status: 200,
      },
      {
        name: 'withdraw',
        method: 'POST',
        path: '/api/v1/alerts/a/withdraw',
        headers: ifMatch,
        allowed: managers,
        status: 200,
      },
    ];

    it.each(routes)(
      '$name: only its roles reach the service; 401 without a token',
      async (route) => {
        expect(await roleOutcomes(nats, call, route)).toEqual(
          expectedOutcomes(route.allowed, route.status),
        );
      },
    );
  });
});
