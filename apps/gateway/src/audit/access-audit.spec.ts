import { createHmac } from 'node:crypto';
import { auditAccessRecorded } from '@opencen/contracts';
import { type AuditAccessRecord, ServiceError, createLogger } from '@opencen/nest-kit';
import { LOCAL_AUDIT_CRITERIA_HMAC_KEY } from '../config/env';
import { type GatewayRequest } from '../http/gateway-request';
import { type Problem } from '../problems/problem';
import { AccessAudit } from './access-audit';
import {
  CLIENT_ID,
  PURPOSE,
  type Replier,
  expectedOutcomes,
  roleOutcomes,
  useStubbedGateway,
} from '../testing/gateway-harness';
import { aPerson } from '../testing/records';

// Reads of personal data through the gateway, with NATS and the audit stream stubbed: what each
// one publishes on the audit stream, that it is stored before the answer, and that a read the
// stream does not store is refused.

const person = aPerson({ id: 'p-1', documents: [{ type: 'passport', number: 'X1234567' }] });
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(12, 7)]);

const replies: Replier = async (subject, payload) => {
  switch (subject) {
    case 'persons.person.get':
      return person;
    case 'persons.person.search':
      return { items: [person, aPerson({ id: 'p-2' })] };
    case 'persons.person.create':
      return { outcome: 'created', person, candidates: [] };
    case 'cases.case.get':
      return {
        id: 'c-1',
        parties: [
          { subjectType: 'person', subjectId: 'p-1', role: 'suspect' },
          { subjectType: 'company', subjectId: 'co-1', role: 'importer' },
        ],
        conveyance: { conveyanceId: 'v-1' },
        version: 3,
      };
    case 'persons.alert.list':
      return {
        items: [
          { id: 'a-1', subject: { subjectType: 'person', subjectId: 'p-1' } },
          { id: 'a-2', subject: { subjectType: 'person', subjectId: 'p-1' } },
        ],
      };
    case 'cases.photo.get':
      return {
        id: 'ph-1',
        caseId: 'c-1',
        contentType: 'image/jpeg',
        size: JPEG.length,
        sha256: 'a'.repeat(64),
        chunks: 1,
      };
    case 'cases.photo.thumbnail':
      return { contentType: 'image/jpeg', data: JPEG.toString('base64') };
    case 'cases.photo.read':
      return { sequence: payload.sequence, data: JPEG.toString('base64') };
    case 'cases.export.start':
      return {
        id: 'exp-1',
        format: payload.format,
        filter: payload.filter,
        status: 'running',
        by: 'sub-liaison',
        at: '2026-03-14T10:00:00.000Z',
        caseIds: [],
        pages: 0,
      };
    case 'cases.export.page':
      return { cases: [] };
    case 'auth.audit.record-trail':
    case 'auth.audit.user-activity':
      return { total: 0, entries: [] };
    case 'auth.audit.verify':
      return {
        valid: true,
        entries: 0,
        checkpoints: 0,
        lastCheckpointSeq: 0,
        verifiedAt: '2026-03-14T10:00:00.000Z',
      };
    default:
      throw new Error(`unexpected ${subject}`);
  }
};

const problemOf = (response: Response) => response.json() as Promise<Problem>;

describe('access records of reads of personal data', () => {
  const { nats, audit, call } = useStubbedGateway(replies);

  it('a person read publishes one record: who, what, from which client, why and the status', async () => {
    const response = await call('/api/v1/persons/p-1', {
      as: 'officer',
      headers: { ...PURPOSE, 'x-correlation-id': 'corr-read-1' },
    });
    expect(response.status).toBe(200);
    expect(audit.published).toHaveLength(1);
    const record = audit.published[0]!;
    expect(() => auditAccessRecorded.envelope.parse(record)).not.toThrow();
    expect(record).toMatchObject({
      type: 'audit.access.recorded.v1',
      source: '/opencen/gateway',
      correlationid: 'corr-read-1',
      actor: 'sub-officer',
    });
    expect(record.data).toEqual({
      action: 'consultation',
      operation: 'getPerson',
      actor: { sub: 'sub-officer', username: 'officer', office: 'FRA-CDG', roles: ['officer'] },
      records: [{ kind: 'person', id: 'p-1' }],
      purpose: PURPOSE['OpenCEN-Purpose'],
      client: { clientId: CLIENT_ID, address: expect.stringMatching(/127\.0\.0\.1$/) },
      status: 200,
    });
  });

  it('is stored before the answer is sent: a held publish holds the answer', async () => {
    const held = audit.hold();
    let answered = false;
    const pending = call('/api/v1/persons/p-1', { as: 'analyst' }).then((response) => {
      answered = true;
      return response;
    });
    const record = await held.publishing;
    expect(record.data.operation).toBe('getPerson');
    expect(record.data).not.toHaveProperty('purpose'); // optional on a read, absent here
    // Another request makes a full round trip while the publish is held.
    expect((await call('/health/live')).status).toBe(200);
    expect(answered).toBe(false);
    expect(audit.published).toEqual([]);
    held.release();
    expect((await pending).status).toBe(200);
    expect(audit.published).toHaveLength(1);
  });

  it('a record the audit stream does not store: 503 problem, and nothing of the reply is sent', async () => {
    const held = audit.hold();
    const pending = call('/api/v1/persons/p-1', { as: 'officer' });
    await held.publishing;
    held.fail(new Error('TIMEOUT'));
    const response = await pending;
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(response.headers.get('etag')).toBeNull();
    const text = await response.text();
    expect(text).not.toContain(person.familyName);
    expect(text).not.toContain('X1234567');
    expect(JSON.parse(text)).toMatchObject({
      type: 'urn:opencen:problem:audit-trail-unavailable',
      title: 'The audit trail is unavailable',
      status: 503,
      detail: expect.stringMatching(/try again later/i),
    });
    expect(audit.published).toEqual([]);
  });

  it('a publisher that is down refuses every nominal read with 503', async () => {
    audit.failure = new Error('CONNECTION_REFUSED');
    const read = await call('/api/v1/cases/c-1', { as: 'supervisor' });
    expect(read.status).toBe(503);
    expect((await problemOf(read)).type).toBe('urn:opencen:problem:audit-trail-unavailable');
    // Routes that read no personal data still answer.
    nats.reply = async () => ({ cases: 0, dimensions: {} });
    expect((await call('/api/v1/cases/statistics', { as: 'supervisor' })).status).toBe(200);
  });

  it('a service error is answered as it is, with no record', async () => {
    nats.reply = async () => {
      throw ServiceError.notFound('No person p-9');
    };
    const response = await call('/api/v1/persons/p-9', { as: 'officer' });
    expect(response.status).toBe(404);
    expect(audit.published).toEqual([]);
  });

  it('a write publishes no access record (its event feeds the trail)', async () => {
    const response = await call('/api/v1/persons', {
      method: 'POST',
      as: 'officer',
      body: { draft: { familyName: 'Doe' }, confirmedNew: true },
    });
    expect(response.status).toBe(201);
    expect(audit.published).toEqual([]);
  });

  describe('purpose', () => {
    it('a person search without OpenCEN-Purpose: 400 naming the header, nothing sent on', async () => {
      const response = await call('/api/v1/persons?documentNumber=X1234567', { as: 'officer' });
      expect(response.status).toBe(400);
      const problem = await problemOf(response);
      expect(problem.errors).toEqual([
        { path: 'OpenCEN-Purpose', reason: expect.stringMatching(/case number or a short text/) },
      ]);
      expect(nats.sent).toEqual([]);
      expect(audit.published).toEqual([]);
    });

    it.each([
      ['match', 'POST', '/api/v1/persons/match', { draft: { familyName: 'Doe' } }],
      ['company search', 'GET', '/api/v1/companies?name=Acme', undefined],
      ['conveyance search', 'GET', '/api/v1/conveyances?plate=AB-123-CD', undefined],
      ['export', 'POST', '/api/v1/cases/exports', { format: 'json' }],
    ])('%s needs it too', async (_, method, path, body) => {
      const response = await call(path, { method, as: 'supervisor', body });
      expect(response.status).toBe(400);
      expect((await problemOf(response)).errors.map((e) => e.path)).toEqual(['OpenCEN-Purpose']);
      expect(nats.sent).toEqual([]);
    });

    it('a purpose that is too short is refused, naming the header', async () => {
      const response = await call('/api/v1/persons?name=Doe', {
        as: 'officer',
        headers: { 'OpenCEN-Purpose': 'x' },
      });
      expect(response.status).toBe(400);
      expect((await problemOf(response)).errors.map((e) => e.path)).toEqual(['OpenCEN-Purpose']);
      expect(nats.sent).toEqual([]);
    });

    it('is recorded as sent; percent-encoded UTF-8 is decoded', async () => {
      const response = await call('/api/v1/persons/p-1', {
        as: 'officer',
        headers: { 'OpenCEN-Purpose': encodeURIComponent('Contrôle à Roissy') },
      });
      expect(response.status).toBe(200);
      expect(audit.published[0]!.data.purpose).toBe('Contrôle à Roissy');
    });
  });

  it('a search records its criteria, document numbers only as a keyed hash, and what it found', async () => {
    const response = await call('/api/v1/persons?name=Ivanov&documentNumber=X1234567', {
      as: 'officer',
      headers: PURPOSE,
    });
    expect(response.status).toBe(200);
    expect(audit.published).toHaveLength(1);
    const record = audit.published[0]!;
    const expectedHash = createHmac('sha256', LOCAL_AUDIT_CRITERIA_HMAC_KEY)
      .update('X1234567')
      .digest('hex');
    expect(record.data).toMatchObject({
      operation: 'searchPersons',
      purpose: PURPOSE['OpenCEN-Purpose'],
      criteria: { name: 'Ivanov', documentNumber: `hmac-sha256:${expectedHash}` },
      records: [
        { kind: 'person', id: 'p-1' },
        { kind: 'person', id: 'p-2' },
      ],
    });
    expect(JSON.stringify(record)).not.toContain('X1234567');
  });

  it('a match records the document numbers of the draft hashed, and the candidates', async () => {
    nats.reply = async () => ({
      candidates: [{ person, score: 0.9, strength: 'strong', reasons: [] }],
    });
    const response = await call('/api/v1/persons/match', {
      method: 'POST',
      as: 'analyst',
      headers: PURPOSE,
      body: {
        draft: {
          familyName: 'Ivanov',
          documents: [{ type: 'passport', number: 'X1234567' }],
        },
      },
    });
    expect(response.status).toBe(200);
    const record = audit.published[0]!;
    expect(record.data.records).toEqual([{ kind: 'person', id: 'p-1' }]);
    expect(record.data.criteria).toMatchObject({
      familyName: 'Ivanov',
      documentNumbers: [expect.stringMatching(/^hmac-sha256:[0-9a-f]{64}$/)],
    });
    expect(JSON.stringify(record)).not.toContain('X1234567');
  });

  it('a case read names the case, its parties and its conveyance', async () => {
    expect((await call('/api/v1/cases/c-1', { as: 'supervisor' })).status).toBe(200);
    expect(audit.published[0]!.data.records).toEqual([
      { kind: 'case', id: 'c-1' },
      { kind: 'person', id: 'p-1' },
      { kind: 'company', id: 'co-1' },
      { kind: 'conveyance', id: 'v-1' },
    ]);
  });

  it('an alert list names the subject and each alert, once each', async () => {
    const response = await call('/api/v1/alerts?subjectType=person&subjectId=p-1', {
      as: 'investigator',
    });
    expect(response.status).toBe(200);
    expect(audit.published[0]!.data.records).toEqual([
      { kind: 'person', id: 'p-1' },
      { kind: 'alert', id: 'a-1' },
      { kind: 'alert', id: 'a-2' },
    ]);
  });

  it('a photo download is recorded before its first byte', async () => {
    const response = await call('/api/v1/cases/c-1/photos/ph-1', { as: 'analyst' });
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(JPEG)).toBe(true);
    expect(audit.published).toHaveLength(1);
    expect(audit.published[0]!.data).toMatchObject({
      operation: 'downloadCasePhoto',
      records: [
        { kind: 'photo', id: 'ph-1' },
        { kind: 'case', id: 'c-1' },
      ],
      status: 200,
    });
    audit.failure = new Error('no stream');
    nats.sent = [];
    const refused = await call('/api/v1/cases/c-1/photos/ph-1', { as: 'analyst' });
    expect(refused.status).toBe(503);
    expect(nats.sent.map((s) => s.subject)).not.toContain('cases.photo.read');
  });

  it('a thumbnail is recorded as a read of the photo too', async () => {
    const response = await call('/api/v1/cases/c-1/photos/ph-1/thumbnail', { as: 'analyst' });
    expect(response.status).toBe(200);
    expect(audit.published.map((record) => record.data)).toMatchObject([
      {
        operation: 'getCasePhotoThumbnail',
        records: [
          { kind: 'photo', id: 'ph-1' },
          { kind: 'case', id: 'c-1' },
        ],
      },
    ]);
  });

  it('an export is recorded as a disclosure, with its purpose and filter, before the file', async () => {
    const response = await call('/api/v1/cases/exports', {
      method: 'POST',
      as: 'liaison',
      headers: PURPOSE,
      body: { format: 'json', filter: { routeCountry: 'PT' } },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([]);
    expect(audit.published).toHaveLength(1);
    expect(audit.published[0]!.data).toMatchObject({
      action: 'disclosure',
      operation: 'exportCases',
      records: [{ kind: 'export', id: 'exp-1' }],
      criteria: { format: 'json', routeCountry: 'PT' },
      purpose: PURPOSE['OpenCEN-Purpose'],
    });
    audit.failure = new Error('no stream');
    const refused = await call('/api/v1/cases/exports', {
      method: 'POST',
      as: 'liaison',
      headers: PURPOSE,
      body: { format: 'csv' },
    });
    expect(refused.status).toBe(503);
    expect(refused.headers.get('content-disposition')).toBeNull();
  });
});

describe('the auditors’ routes', () => {
  const { nats, audit, call } = useStubbedGateway(replies);

  it.each([
    ['record trail', 'GET', '/api/v1/audit/records/person/p-1?limit=10'],
    ['user activity', 'GET', '/api/v1/audit/users/sub-officer'],
    ['verification', 'POST', '/api/v1/audit/verify'],
  ])('%s: auditors only (officer → 403, nothing sent)', async (name, method, path) => {
    const outcomes = await roleOutcomes(nats, call, {
      name,
      method,
      path,
      ...(method === 'POST' ? { body: {} } : {}),
    });
    expect(outcomes).toEqual(expectedOutcomes(['auditor'], 200));
  });

  it('send the auditor’s query to the auth service, and are not themselves recorded', async () => {
    const trail = await call(
      '/api/v1/audit/records/person/p-1?from=2026-01-01T00:00:00Z&limit=10',
      { as: 'auditor' },
    );
    expect(trail.status).toBe(200);
    expect(nats.sent[0]).toMatchObject({
      subject: 'auth.audit.record-trail',
      payload: { kind: 'person', id: 'p-1', from: '2026-01-01T00:00:00Z', limit: 10 },
    });
    expect((await call('/api/v1/audit/users/sub-officer', { as: 'auditor' })).status).toBe(200);
    expect(nats.sent[1]!.payload).toEqual({ sub: 'sub-officer', limit: 50 });
    const verify = await call('/api/v1/audit/verify', { method: 'POST', as: 'auditor', body: {} });
    expect(verify.status).toBe(200);
    expect(await verify.json()).toMatchObject({ valid: true });
    expect(audit.published).toEqual([]);
  });

  it('a record kind the trail does not know is 404', async () => {
    const response = await call('/api/v1/audit/records/spaceship/1', { as: 'auditor' });
    expect(response.status).toBe(404);
    expect(nats.sent).toEqual([]);
  });
});

describe('AccessAudit', () => {
  it('keeps the first AUDIT_RECORDS_MAX records an answer names', async () => {
    const published: AuditAccessRecord[] = [];
    const access = new AccessAudit(
      { publish: async (record) => void published.push(record) },
      LOCAL_AUDIT_CRITERIA_HMAC_KEY,
      createLogger('test', 'silent'),
    );
    const route = {
      operationId: 'listMany',
      audit: {
        records: () =>
          Array.from({ length: 1500 }, (_, i) => ({ kind: 'case' as const, id: `c-${i}` })),
        purpose: 'optional' as const,
      },
    };
    const req = {
      headers: {},
      principal: { sub: 'sub-analyst', username: 'analyst', roles: ['analyst'] },
    } as unknown as GatewayRequest;
    await access.recorderFor(route, req, { correlationId: 'c' }).recorded({}, {}, 200);
    expect(published[0]!.data.records).toHaveLength(1000);
    expect(published[0]!.data.records[999]).toEqual({ kind: 'case', id: 'c-999' });
  });

  it("skipped for a benchmark's baseline, publishes nothing but still wants the purpose", async () => {
    const published: AuditAccessRecord[] = [];
    const access = new AccessAudit(
      { publish: async (record) => void published.push(record) },
      LOCAL_AUDIT_CRITERIA_HMAC_KEY,
      createLogger('test', 'silent'),
      { skip: true },
    );
    const route = {
      operationId: 'searchPersons',
      audit: { records: () => [], purpose: 'required' as const },
    };
    const principal = { sub: 'sub-analyst', username: 'analyst', roles: ['analyst'] };
    const withPurpose = {
      headers: { 'opencen-purpose': 'case 42' },
      principal,
    } as unknown as GatewayRequest;
    await access.recorderFor(route, withPurpose, { correlationId: 'c' }).recorded({}, {}, 200);
    expect(published).toEqual([]);
    const without = { headers: {}, principal } as unknown as GatewayRequest;
    expect(() => access.recorderFor(route, without, { correlationId: 'c' })).toThrow();
  });
});
