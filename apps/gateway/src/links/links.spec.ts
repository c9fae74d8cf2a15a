import { type CaseLinks } from '@opencen/contracts';
import { type Problem } from '../problems/problem';
import {
  type Replier,
  expectedOutcomes,
  roleOutcomes,
  useStubbedGateway,
} from '../testing/gateway-harness';

// The links view over HTTP, with Keycloak and NATS stubbed.

const links: CaseLinks = {
  subject: { subjectType: 'person', subjectId: 'p-1' },
  cases: [{ id: 'c-1', number: 'FRACDG-2026-000001', type: 'seizure', status: 'draft', hop: 1 }],
  subjects: [
    { subjectType: 'person', subjectId: 'p-1', hop: 0 },
    { subjectType: 'conveyance', subjectId: 'v-1', hop: 1 },
  ],
  links: [
    { caseId: 'c-1', subjectType: 'person', subjectId: 'p-1' },
    { caseId: 'c-1', subjectType: 'conveyance', subjectId: 'v-1' },
  ],
  truncated: false,
};

const defaultReply: Replier = async (subject) => {
  if (subject === 'cases.links.get') return links;
  throw new Error(`unexpected ${subject}`);
};

describe('links over HTTP (stubbed Keycloak and NATS)', () => {
  const { nats, audit, call } = useStubbedGateway(defaultReply);

  it('the subject from the path, the depth from the query (2 by default)', async () => {
    const response = await call('/api/v1/links/person/p-1', { as: 'analyst' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(links);
    expect(nats.sent[0]).toMatchObject({
      subject: 'cases.links.get',
      payload: { subject: { subjectType: 'person', subjectId: 'p-1' }, depth: 2, casesPerHop: 25 },
    });
    await call('/api/v1/links/conveyance/v-1?depth=1&casesPerHop=5', { as: 'officer' });
    expect(nats.sent[1]!.payload).toEqual({
      subject: { subjectType: 'conveyance', subjectId: 'v-1' },
      depth: 1,
      casesPerHop: 5,
    });
  });

  it('is audited as a read of every subject and case it answers with', async () => {
    await call('/api/v1/links/person/p-1', { as: 'analyst' });
    expect(audit.published).toHaveLength(1);
    expect(audit.published[0]!.data.records).toEqual([
      { kind: 'person', id: 'p-1' },
      { kind: 'conveyance', id: 'v-1' },
      { kind: 'case', id: 'c-1' },
    ]);
  });

  it('names a bad depth or an unknown field (400), answers 404 for an unknown kind, sends nothing', async () => {
    for (const [query, field] of [
      ['depth=3', 'depth'],
      ['casesPerHop=0', 'casesPerHop'],
      ['colour=red', 'colour'],
    ]) {
      const response = await call(`/api/v1/links/person/p-1?${query}`, { as: 'analyst' });
      expect(response.status).toBe(400);
      expect(((await response.json()) as Problem).errors.map((e) => e.path)).toEqual([field]);
    }
    expect((await call('/api/v1/links/ship/x', { as: 'analyst' })).status).toBe(404);
    expect(nats.sent).toEqual([]);
  });

  it('only case readers reach the service; 401 without a token', async () => {
    const route = { name: 'get', method: 'GET', path: '/api/v1/links/person/p-1' };
    expect(await roleOutcomes(nats, call, route)).toEqual(
      expectedOutcomes(['officer', 'supervisor', 'investigator', 'analyst', 'liaison'], 200),
    );
  });
});
