import { ServiceError } from '@opencen/nest-kit';
import { type Problem } from '../problems/problem';
import {
  type Replier,
  expectedOutcomes,
  roleOutcomes,
  useStubbedGateway,
  PURPOSE,
} from '../testing/gateway-harness';
import { aCompany, createdRecordHistory } from '../testing/records';

// Companies (legal persons) over HTTP, with Keycloak and NATS stubbed: what reaches the persons
// service for each route, who may call it, and the status and headers of each reply.

const defaultReply: Replier = async (subject, payload) => {
  switch (subject) {
    case 'persons.company.create':
      return payload.confirmedNew
        ? { outcome: 'created', company: aCompany({ id: 'c/2' }), candidates: [] }
        : {
            outcome: 'candidates',
            candidates: [{ company: aCompany(), strength: 'strong', reasons: ['VAT equal'] }],
          };
    case 'persons.company.search':
      return { items: [aCompany()] };
    case 'persons.company.update':
      return aCompany({ version: Number(payload.version) + 1 });
    case 'persons.company.get':
      return aCompany({ id: String(payload.id), version: 4 });
    case 'persons.company.merge':
      return aCompany({
        id: String(payload.survivorId),
        version: Number(payload.survivorVersion) + 2,
      });
    case 'persons.company.unmerge':
      return {
        survivor: aCompany({ version: Number(payload.survivorVersion) + 2 }),
        restored: aCompany({ id: 'c-merged', version: 3 }),
      };
    case 'persons.company.history':
      return createdRecordHistory;
    default:
      throw new Error(`unexpected ${subject}`);
  }
};

const companyDraft = { names: [{ name: 'Acme Trading' }], country: 'FR', vatNumber: 'FR 12 345' };

describe('companies over HTTP (stubbed Keycloak and NATS)', () => {
  const { nats, call } = useStubbedGateway(defaultReply);

  describe('companies', () => {
    it('create with strong candidates: 200, outcome "candidates", no Location or ETag', async () => {
      const response = await call('/api/v1/companies', {
        method: 'POST',
        as: 'officer',
        body: { draft: companyDraft },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('etag')).toBeNull();
      expect(await response.json()).toMatchObject({ outcome: 'candidates' });
      expect(nats.sent[0]!.subject).toBe('persons.company.create');
      expect(nats.sent[0]!.payload).toMatchObject({
        confirmedNew: false,
        draft: { ...companyDraft, addresses: [], linkedPersons: [], classification: 'restricted' },
      });
      expect(nats.sent[0]!.context.principal?.username).toBe('officer');
    });

    it('create confirmed as new: 201 with Location and ETag', async () => {
      const response = await call('/api/v1/companies', {
        method: 'POST',
        as: 'investigator',
        body: { draft: companyDraft, confirmedNew: true },
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('location')).toBe('/api/v1/companies/c%2F2');
      expect(response.headers.get('etag')).toBe('"1"');
    });

    it('create: names each faulty field of the draft (400) and sends nothing', async () => {
      const response = await call('/api/v1/companies', {
        method: 'POST',
        as: 'officer',
        body: { draft: { names: [], country: 'fr' } },
      });
      expect(response.status).toBe(400);
      const problem = (await response.json()) as Problem;
      expect(problem.errors.map((error) => error.path).sort()).toEqual([
        'draft.country',
        'draft.names',
      ]);
      expect(nats.sent).toEqual([]);
    });

    it('search by name or number; one of them needed', async () => {
      const byName = await call('/api/v1/companies?name=Acme&limit=5', {
        as: 'analyst',
        headers: PURPOSE,
      });
      expect(byName.status).toBe(200);
      expect(nats.sent[0]).toMatchObject({
        subject: 'persons.company.search',
        payload: { name: 'Acme', limit: 5 },
      });
      const byNumber = await call('/api/v1/companies?number=FR12345678901', {
        as: 'officer',
        headers: PURPOSE,
      });
      expect(byNumber.status).toBe(200);
      expect(nats.sent[1]!.payload).toEqual({ number: 'FR12345678901', limit: 20 });
      nats.sent = [];
      const neither = await call('/api/v1/companies', { as: 'officer', headers: PURPOSE });
      expect(neither.status).toBe(400);
      expect(((await neither.json()) as Problem).errors.map((e) => e.path)).toEqual(['name']);
      expect(nats.sent).toEqual([]);
    });

    it('get: the id from the path, the version as ETag', async () => {
      const response = await call('/api/v1/companies/abc', { as: 'analyst' });
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe('"4"');
      expect(nats.sent[0]).toMatchObject({
        subject: 'persons.company.get',
        payload: { id: 'abc' },
      });
    });

    it('update: the body is the draft, the version from If-Match; 428 without it', async () => {
      const response = await call('/api/v1/companies/abc', {
        method: 'PUT',
        as: 'officer',
        body: companyDraft,
        headers: { 'if-match': '"3"' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toBe('"4"');
      expect(nats.sent[0]!.payload).toMatchObject({ id: 'abc', version: 3, draft: companyDraft });
      nats.sent = [];
      const without = await call('/api/v1/companies/abc', {
        method: 'PUT',
        as: 'officer',
        body: companyDraft,
      });
      expect(without.status).toBe(428);
      expect(nats.sent).toEqual([]);
    });

    it('update: the service’s CONFLICT is 409, FORBIDDEN 403, its field paths relative to the body', async () => {
      const put = () =>
        call('/api/v1/companies/abc', {
          method: 'PUT',
          as: 'officer',
          body: companyDraft,
          headers: { 'if-match': '"3"' },
        });
      nats.reply = async () => {
        throw ServiceError.conflict('The company changed since version 3');
      };
      expect((await put()).status).toBe(409);
      nats.reply = async () => {
        throw ServiceError.forbidden('Only officers of FRA-LEH may edit this company');
      };
      expect((await put()).status).toBe(403);
      nats.reply = async () => {
        throw ServiceError.validation('Unknown country', [
          { path: 'draft.country', reason: 'XX is not a country' },
        ]);
      };
      const unknown = await put();
      expect(unknown.status).toBe(400);
      expect(((await unknown.json()) as Problem).errors).toEqual([
        { path: 'country', reason: 'XX is not a country' },
      ]);
    });
  });

  describe('roles', () => {
    const readers = ['officer', 'supervisor', 'investigator', 'analyst'];
    const writers = ['officer', 'supervisor', 'investigator'];
    const mergers = ['supervisor', 'admin'];
    const ifMatch = { 'if-match': '"1"' };
    const routes = [
      {
        name: 'create company',
        method: 'POST',
        path: '/api/v1/companies',
        body: { draft: companyDraft },
        allowed: writers,
        status: 200,
      },
      {
        name: 'search companies',
        method: 'GET',
        path: '/api/v1/companies?name=x',
        headers: PURPOSE,
        allowed: readers,
        status: 200,
      },
      {
        name: 'get company',
        method: 'GET',
        path: '/api/v1/companies/c',
        allowed: readers,
        status: 200,
      },
      {
        name: 'update company',
        method: 'PUT',
        path: '/api/v1/companies/c',
        body: companyDraft,
        headers: ifMatch,
        allowed: writers,
        status: 200,
      },
      {
        name: 'company history',
        method: 'GET',
        path: '/api/v1/companies/x/history',
        allowed: readers,
        status: 200,
      },
      {
        name: 'merge companies',
        method: 'POST',
        path: '/api/v1/companies/x/merge',
        body: { mergedId: 'y', mergedVersion: 1 },
        headers: ifMatch,
        allowed: mergers,
        status: 200,
      },
      {
        name: 'unmerge companies',
        method: 'POST',
        path: '/api/v1/companies/x/unmerge',
        body: { mergeId: 'm-1' },
        headers: ifMatch,
        allowed: mergers,
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
