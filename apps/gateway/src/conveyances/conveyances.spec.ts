import { ServiceError } from '@opencen/nest-kit';
import { type Problem } from '../problems/problem';
import {
  type Replier,
  expectedOutcomes,
  roleOutcomes,
  useStubbedGateway,
  PURPOSE,
} from '../testing/gateway-harness';
import { aConveyance, createdRecordHistory } from '../testing/records';

// Means of conveyance over HTTP, with Keycloak and NATS stubbed: what reaches the persons service
// for each route, who may call it, and the status and headers of each reply.

const defaultReply: Replier = async (subject, payload) => {
  switch (subject) {
    case 'persons.conveyance.create':
      return payload.confirmedNew
        ? { outcome: 'created', conveyance: aConveyance({ id: 'v/2' }), candidates: [] }
        : {
            outcome: 'candidates',
            candidates: [{ conveyance: aConveyance(), strength: 'strong', reasons: ['IMO equal'] }],
          };
    case 'persons.conveyance.search':
      return { items: [aConveyance()] };
    case 'persons.conveyance.update':
      return aConveyance({ version: Number(payload.version) + 1 });
    case 'persons.conveyance.get':
      return aConveyance({ id: String(payload.id), version: 7 });
    case 'persons.conveyance.merge':
      return aConveyance({
        id: String(payload.survivorId),
        version: Number(payload.survivorVersion) + 2,
      });
    case 'persons.conveyance.unmerge':
      return {
        survivor: aConveyance({ version: Number(payload.survivorVersion) + 2 }),
        restored: aConveyance({ id: 'v-merged', version: 3 }),
      };
    case 'persons.conveyance.history':
      return createdRecordHistory;
    default:
      throw new Error(`unexpected ${subject}`);
  }
};

const vesselDraft = { type: 'vessel', imoNumber: 'IMO 9074729' };

describe('conveyances over HTTP (stubbed Keycloak and NATS)', () => {
  const { nats, call } = useStubbedGateway(defaultReply);

  describe('conveyances', () => {
    it('create: 201 with Location and ETag when recorded, 200 with candidates when not', async () => {
      const created = await call('/api/v1/conveyances', {
        method: 'POST',
        as: 'officer',
        body: { draft: vesselDraft, confirmedNew: true },
      });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toBe('/api/v1/conveyances/v%2F2');
      expect(created.headers.get('etag')).toBe('"1"');
      expect(nats.sent[0]!.payload).toMatchObject({
        draft: { ...vesselDraft, links: [], classification: 'restricted' },
        confirmedNew: true,
      });
      const candidates = await call('/api/v1/conveyances', {
        method: 'POST',
        as: 'officer',
        body: { draft: vesselDraft },
      });
      expect(candidates.status).toBe(200);
      expect(candidates.headers.get('location')).toBeNull();
      expect(await candidates.json()).toMatchObject({ outcome: 'candidates' });
    });

    it('create: a wrong check digit refused by the service is a 400 naming the field', async () => {
      nats.reply = async () => {
        throw ServiceError.validation('Invalid container number', [
          { path: 'draft.containerNumber', reason: 'check digit should be 3' },
        ]);
      };
      const response = await call('/api/v1/conveyances', {
        method: 'POST',
        as: 'officer',
        body: { draft: { type: 'container', containerNumber: 'CSQU3054384' } },
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as Problem).errors.map((e) => e.path)).toEqual([
        'draft.containerNumber',
      ]);
    });

    it('search by each identifier the contract offers; one of them needed', async () => {
      for (const [parameter, value] of [
        ['plate', 'AB-123-CD'],
        ['vin', 'WVWZZZ1JZXW000001'],
        ['imoNumber', '9074729'],
        ['mmsi', '227000000'],
        ['containerNumber', 'CSQU3054383'],
      ] as const) {
        nats.sent = [];
        const response = await call(`/api/v1/conveyances?${parameter}=${value}`, {
          as: 'analyst',
          headers: PURPOSE,
        });
        expect(response.status).toBe(200);
        expect(nats.sent[0]).toMatchObject({
          subject: 'persons.conveyance.search',
          payload: { [parameter]: value, limit: 20 },
        });
      }
      nats.sent = [];
      const neither = await call('/api/v1/conveyances?limit=3', {
        as: 'analyst',
        headers: PURPOSE,
      });
      expect(neither.status).toBe(400);
      expect(((await neither.json()) as Problem).errors.map((e) => e.path)).toEqual(['plate']);
      const unknown = await call('/api/v1/conveyances?callSign=ABCD', {
        as: 'analyst',
        headers: PURPOSE,
      });
      expect(unknown.status).toBe(400);
      expect(nats.sent).toEqual([]);
    });

    it('get with ETag; update with If-Match, the body being the draft', async () => {
      const read = await call('/api/v1/conveyances/v-9', { as: 'supervisor' });
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toBe('"7"');
      const update = await call('/api/v1/conveyances/v-9', {
        method: 'PUT',
        as: 'officer',
        body: vesselDraft,
        headers: { 'if-match': '"7"' },
      });
      expect(update.status).toBe(200);
      expect(update.headers.get('etag')).toBe('"8"');
      expect(nats.sent[1]).toMatchObject({
        subject: 'persons.conveyance.update',
        payload: { id: 'v-9', version: 7, draft: vesselDraft },
      });
    });
  });

  describe('roles', () => {
    const readers = ['officer', 'supervisor', 'investigator', 'analyst'];
    const writers = ['officer', 'supervisor', 'investigator'];
    const mergers = ['supervisor', 'admin'];
    const ifMatch = { 'if-match': '"1"' };
    const routes = [
      {
        name: 'create conveyance',
        method: 'POST',
        path: '/api/v1/conveyances',
        body: { draft: vesselDraft },
        allowed: writers,
        status: 200,
      },
      {
        name: 'search conveyances',
        method: 'GET',
        path: '/api/v1/conveyances?plate=x',
        headers: PURPOSE,
        allowed: readers,
        status: 200,
      },
      {
        name: 'get conveyance',
        method: 'GET',
        path: '/api/v1/conveyances/v',
        allowed: readers,
        status: 200,
      },
      {
        name: 'update conveyance',
        method: 'PUT',
        path: '/api/v1/conveyances/v',
        body: vesselDraft,
        headers: ifMatch,
        allowed: writers,
        status: 200,
      },
      {
        name: 'conveyance history',
        method: 'GET',
        path: '/api/v1/conveyances/x/history',
        allowed: readers,
        status: 200,
      },
      {
        name: 'merge conveyances',
        method: 'POST',
        path: '/api/v1/conveyances/x/merge',
        body: { mergedId: 'y', mergedVersion: 1 },
        headers: ifMatch,
        allowed: mergers,
        status: 200,
      },
      {
        name: 'unmerge conveyances',
        method: 'POST',
        path: '/api/v1/conveyances/x/unmerge',
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
