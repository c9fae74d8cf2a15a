import { type NestExpressApplication } from '@nestjs/platform-express';
import { type PersonCandidate, type Principal, type RequestContract } from '@opencen/contracts';
import {
  type RequestContext,
  ServiceError,
  type VerifiedToken,
  createLogger,
} from '@opencen/nest-kit';
import { loadGatewayEnv } from '../config/env';
import { createGateway } from '../gateway';
import { type Problem } from '../problems/problem';
import { aPerson } from '../testing/records';
import { StubAuditPublisher, PURPOSE } from '../testing/gateway-harness';

// The persons routes over HTTP, with Keycloak and NATS stubbed: what reaches the persons service
// for each route, who may call it, and the status and headers of each reply.

const ROLES = ['officer', 'supervisor', 'investigator', 'analyst', 'admin', 'liaison'] as const;
const principals: Record<string, Principal> = Object.fromEntries(
  ROLES.map((role) => [`${role}-token`, { sub: `sub-${role}`, username: role, roles: [role] }]),
);
principals['officer-token'] = { ...principals['officer-token']!, office: 'FRA-CDG' };

const tokenVerifier = {
  async verifyToken(token: string): Promise<VerifiedToken> {
    const principal = principals[token];
    if (!principal) throw new ServiceError('UNAUTHENTICATED', 'invalid token');
    return { principal };
  },
};

const candidate: PersonCandidate = {
  person: aPerson(),
  score: 0.93,
  strength: 'strong',
  reasons: ['family name, transliterated: Иванов ≈ IVANOV'],
};

interface Sent {
  subject: string;
  payload: Record<string, unknown>;
  context: RequestContext;
}

class StubNats {
  sent: Sent[] = [];
  reply: (subject: string, payload: Record<string, unknown>) => Promise<unknown> = async (
    subject,
    payload,
  ) => {
    switch (subject) {
      case 'persons.person.match':
        return { candidates: [candidate] };
      case 'persons.person.create':
        return payload.confirmedNew
          ? { outcome: 'created', person: aPerson({ id: 'p/2' }), candidates: [] }
          : { outcome: 'candidates', candidates: [candidate] };
      case 'persons.person.update':
        return aPerson({ version: Number(payload.version) + 1 });
      case 'persons.person.search':
        return { items: [aPerson()], nextCursor: 'next' };
      case 'persons.person.merge':
        return aPerson({
          id: String(payload.survivorId),
          version: Number(payload.survivorVersion) + 1,
        });
      case 'persons.person.unmerge':
        return {
          survivor: aPerson({
            id: String(payload.survivorId),
            version: Number(payload.survivorVersion) + 1,
          }),
          restored: aPerson({ id: 'p-merged', version: 3 }),
        };
      case 'persons.person.history':
        return {
          changes: [
            { version: 1, at: '2026-01-01T00:00:00.000Z', by: 'x', change: 'created', fields: [] },
          ],
        };
      default:
        return aPerson({ id: String(payload.id), version: 4 });
    }
  };

  readonly client = {
    send: async (
      contract: RequestContract,
      payload: unknown,
      options: { context?: RequestContext } = {},
    ) => {
      const sent = {
        subject: contract.subject,
        payload: payload as Record<string, unknown>,
        context: options.context!,
      };
      this.sent.push(sent);
      return this.reply(sent.subject, sent.payload);
    },
  } as never;

  readonly health = { check: async () => undefined };
}

const draft = {
  familyName: 'Ivanov',
  givenNames: 'Iven',
  dateOfBirth: '1980',
  nationalities: ['RU'],
};

describe('persons over HTTP (stubbed Keycloak and NATS)', () => {
  const nats = new StubNats();
  const defaultReply = nats.reply;
  let app: NestExpressApplication;
  let base: string;

  beforeAll(async () => {
    app = await createGateway({
      env: loadGatewayEnv({ HTTP_PORT: '0', LOG_LEVEL: 'silent' }),
      logger: createLogger('gateway', 'silent'),
      ports: {
        tokenVerifier,
        nats,
        audit: new StubAuditPublisher(),
        keycloak: { check: async () => undefined },
      },
    });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(() => app.close());
  beforeEach(() => {
    nats.sent = [];
    nats.reply = defaultReply;
  });

  const call = (
    path: string,
    init: { method?: string; as?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const headers = new Headers(init.headers);
    if (init.as) headers.set('authorization', `Bearer ${init.as}-token`);
    if (init.body !== undefined) headers.set('content-type', 'application/json');
    return fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  };

  describe('input mapping', () => {
    it('match: the body is the contract request, with the draft defaults applied', async () => {
      const response = await call('/api/v1/persons/match', {
        method: 'POST',
        as: 'analyst',
        headers: PURPOSE,
        body: { draft, limit: 5 },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ candidates: [candidate] });
      expect(nats.sent).toHaveLength(1);
      expect(nats.sent[0]!.subject).toBe('persons.person.match');
      expect(nats.sent[0]!.payload).toMatchObject({
        limit: 5,
        draft: { ...draft, aliases: [], documents: [], classification: 'restricted' },
      });
      expect(nats.sent[0]!.context.principal?.username).toBe('analyst');
    });

    it('create with strong candidates: 200, outcome "candidates", no Location or ETag', async () => {
      const response = await call('/api/v1/persons', {
        method: 'POST',
        as: 'officer',
        body: { draft },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('etag')).toBeNull();
      expect(await response.json()).toEqual({ outcome: 'candidates', candidates: [candidate] });
      expect(nats.sent[0]!.payload).toMatchObject({ confirmedNew: false });
    });

    it('create confirmed as new: 201 with Location and ETag', async () => {
      const response = await call('/api/v1/persons', {
        method: 'POST',
        as: 'investigator',
        body: { draft, confirmedNew: true },
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('location')).toBe('/api/v1/persons/p%2F2');
      expect(response.headers.get('etag')).toBe('"1"');
      expect(await response.json()).toMatchObject({ outcome: 'created', person: { id: 'p/2' } });
      expect(nats.sent[0]!.payload).toMatchObject({ confirmedNew: true });
    });

    it('create: names each faulty field of the draft (400) and sends nothing', async () => {
      const response = await call('/api/v1/persons', {
        method: 'POST',
        as: 'officer',
        body: { draft: { ...draft, nationalities: ['ru'], dateOfBirth: '1980-13' }, extra: 1 },
      });
      expect(response.status).toBe(400);
      const problem = (await response.json()) as Problem;
      expect(problem.errors.map((error) => error.path).sort()).toEqual([
        'draft.dateOfBirth',
        'draft.nationalities.0',
        'extra',
      ]);
      expect(nats.sent).toEqual([]);
    });

    it('get: the id from the path, the version as ETag', async () => {
      const response = await call('/api/v1/persons/abc', { as: 'supervisor' });
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe('"4"');
      expect(nats.sent[0]).toMatchObject({ subject: 'persons.person.get', payload: { id: 'abc' } });
    });

    it('get: refuses query parameters the contract does not have', async () => {
      const response = await call('/api/v1/persons/abc?x=1', { as: 'officer' });
      expect(response.status).toBe(400);
      expect(nats.sent).toEqual([]);
    });

    it('update: the body is the draft, the version comes from If-Match', async () => {
      const response = await call('/api/v1/persons/abc', {
        method: 'PUT',
        as: 'officer',
        body: draft,
        headers: { 'if-match': '"3"' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe('"4"');
      expect(nats.sent[0]!.subject).toBe('persons.person.update');
      expect(nats.sent[0]!.payload).toMatchObject({ id: 'abc', version: 3, draft });
    });

    it('update: 428 without If-Match, and a version in the body is not a way around it', async () => {
      const response = await call('/api/v1/persons/abc', {
        method: 'PUT',
        as: 'officer',
        body: { ...draft, version: 3 },
      });
      expect(response.status).toBe(428);
      const problem = (await response.json()) as Problem;
      expect(problem.errors).toEqual([
        { path: 'If-Match', reason: 'Send If-Match with the ETag you read' },
      ]);
      expect(nats.sent).toEqual([]);
    });

    it('update: faulty fields are named as in the body, the service’s too', async () => {
      const bad = await call('/api/v1/persons/abc', {
        method: 'PUT',
        as: 'officer',
        body: { ...draft, dateOfBirth: '12/05/1980' },
        headers: { 'if-match': '"3"' },
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as Problem).errors.map((e) => e.path)).toEqual(['dateOfBirth']);
      const empty = await call('/api/v1/persons/abc', {
        method: 'PUT',
        as: 'officer',
        headers: { 'if-match': '"3"' },
      });
      expect(empty.status).toBe(400);
      expect(((await empty.json()) as Problem).errors.map((e) => e.path)).toEqual(['familyName']);
      expect(nats.sent).toEqual([]);

      nats.reply = async () => {
        throw ServiceError.validation('Unknown country', [
          { path: 'draft.nationalities.0', reason: 'XX is not a country' },
        ]);
      };
      const unknown = await call('/api/v1/persons/abc', {
        method: 'PUT',
        as: 'officer',
        body: { ...draft, nationalities: ['XX'] },
        headers: { 'if-match': '"3"' },
      });
      expect(unknown.status).toBe(400);
      expect(((await unknown.json()) as Problem).errors).toEqual([
        { path: 'nationalities.0', reason: 'XX is not a country' },
      ]);
    });

    it('update: a stale version (CONFLICT) is 409, another office (FORBIDDEN) 403', async () => {
      nats.reply = async () => {
        throw ServiceError.conflict('The person changed since version 3', [
          { path: 'version', reason: 'current version is 5' },
        ]);
      };
      const stale = await call('/api/v1/persons/abc', {
        method: 'PUT',
        as: 'officer',
        body: draft,
        headers: { 'if-match': '"3"' },
      });
      expect(stale.status).toBe(409);
      expect(((await stale.json()) as Problem).errors).toEqual([
        { path: 'version', reason: 'current version is 5' },
      ]);
      nats.reply = async () => {
        throw ServiceError.forbidden('Only officers of FRA-LEH may edit this person');
      };
      const other = await call('/api/v1/persons/abc', {
        method: 'PUT',
        as: 'officer',
        body: draft,
        headers: { 'if-match': '"3"' },
      });
      expect(other.status).toBe(403);
    });

    it('search: query parameters with their types, and a name or a document number needed', async () => {
      const response = await call('/api/v1/persons?name=Ivanov&limit=5&cursor=abc', {
        as: 'analyst',
        headers: PURPOSE,
      });
      expect(response.status).toBe(200);
      expect(nats.sent[0]).toMatchObject({
        subject: 'persons.person.search',
        payload: { name: 'Ivanov', limit: 5, cursor: 'abc' },
      });
      const byDocument = await call('/api/v1/persons?documentNumber=1234567', {
        as: 'officer',
        headers: PURPOSE,
      });
      expect(byDocument.status).toBe(200);
      expect(nats.sent[1]!.payload).toEqual({ documentNumber: '1234567', limit: 20 });
      nats.sent = [];
      const neither = await call('/api/v1/persons?limit=5', { as: 'officer', headers: PURPOSE });
      expect(neither.status).toBe(400);
      expect(((await neither.json()) as Problem).errors.map((e) => e.path)).toEqual(['name']);
      const badLimit = await call('/api/v1/persons?name=x&limit=1000', {
        as: 'officer',
        headers: PURPOSE,
      });
      expect(badLimit.status).toBe(400);
      expect(((await badLimit.json()) as Problem).errors.map((e) => e.path)).toEqual(['limit']);
      expect(nats.sent).toEqual([]);
    });
  });

  describe('roles', () => {
    const writeBody = { draft };
    const routes = [
      {
        name: 'match',
        method: 'POST',
        path: '/api/v1/persons/match',
        body: writeBody,
        headers: PURPOSE,
      },
      { name: 'create', method: 'POST', path: '/api/v1/persons', body: writeBody },
      { name: 'search', method: 'GET', path: '/api/v1/persons?name=x', headers: PURPOSE },
      { name: 'get', method: 'GET', path: '/api/v1/persons/abc' },
      {
        name: 'update',
        method: 'PUT',
        path: '/api/v1/persons/abc',
        body: draft,
        headers: { 'if-match': '"1"' },
      },
      { name: 'history', method: 'GET', path: '/api/v1/persons/abc/history' },
      {
        name: 'merge',
        method: 'POST',
        path: '/api/v1/persons/abc/merge',
        body: { mergedId: 'def', mergedVersion: 1 },
        headers: { 'if-match': '"1"' },
      },
      {
        name: 'unmerge',
        method: 'POST',
        path: '/api/v1/persons/abc/unmerge',
        body: { mergeId: 'm-1' },
        headers: { 'if-match': '"2"' },
      },
    ] as const;
    const readers = ['officer', 'supervisor', 'investigator', 'analyst'];
    const writers = ['officer', 'supervisor', 'investigator'];
    const allowed: Record<string, readonly string[]> = {
      match: readers,
      create: writers,
      search: readers,
      get: readers,
      update: writers,
      history: readers,
      merge: ['supervisor', 'admin'],
      unmerge: ['supervisor', 'admin'],
    };

    it.each(routes)(
      '$name: only its roles reach the service; 401 without a token',
      async (route) => {
        for (const role of ROLES) {
          nats.sent = [];
          const response = await call(route.path, {
            method: route.method,
            as: role,
            body: 'body' in route ? route.body : undefined,
            headers: 'headers' in route ? route.headers : undefined,
          });
          const expected = allowed[route.name]!.includes(role);
          // The role and its outcome together, so that a failure names the role.
          expect([role, expected ? response.status < 300 : response.status]).toEqual([
            role,
            expected ? true : 403,
          ]);
          expect(nats.sent).toHaveLength(expected ? 1 : 0);
        }
        nats.sent = [];
        const anonymous = await call(route.path, {
          method: route.method,
          body: 'body' in route ? route.body : undefined,
        });
        expect(anonymous.status).toBe(401);
        expect(nats.sent).toEqual([]);
      },
    );
  });
});
