import { ServiceError } from '@opencen/nest-kit';

import { type Problem } from '../problems/problem';
import { type Replier, useStubbedGateway } from '../testing/gateway-harness';
import { aCompany, aConveyance, aPerson, createdRecordHistory } from '../testing/records';

// The routes every kind of record has (office-record.routes.ts), for each of the three kinds, with
// Keycloak and NATS stubbed: what reaches the persons service, and the status and headers of each
// reply. Each kind's own spec covers its create, search and roles.

const KINDS = [
  { name: 'persons', aggregate: 'person', record: aPerson },
  { name: 'companies', aggregate: 'company', record: aCompany },
  { name: 'conveyances', aggregate: 'conveyance', record: aConveyance },
] as const;

describe.each(KINDS)('$name: merge, undo and history over HTTP', (kind) => {
  const subject = (verb: string) => `persons.${kind.aggregate}.${verb}`;
  const reply: Replier = async (sent, payload) => {
    switch (sent) {
      case subject('merge'):
        return kind.record({
          id: String(payload.survivorId),
          version: Number(payload.survivorVersion) + 2,
        });
      case subject('unmerge'):
        return {
          survivor: kind.record({ version: Number(payload.survivorVersion) + 2 }),
          restored: kind.record({ id: 'merged', version: 3 }),
        };
      case subject('history'):
        return createdRecordHistory;
      default:
        throw new Error(`unexpected ${sent}`);
    }
  };
  const { nats, call } = useStubbedGateway(reply);
  const base = `/api/v1/${kind.name}`;

  it('merge: the survivor from the path, its version from If-Match, the other record in the body', async () => {
    const response = await call(`${base}/r-1/merge`, {
      method: 'POST',
      as: 'supervisor',
      body: { mergedId: 'other', mergedVersion: 2 },
      headers: { 'if-match': '"5"' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"7"');
    expect(nats.sent[0]).toMatchObject({
      subject: subject('merge'),
      payload: { survivorId: 'r-1', survivorVersion: 5, mergedId: 'other', mergedVersion: 2 },
    });
    nats.sent = [];
    const withoutVersion = await call(`${base}/r-1/merge`, {
      method: 'POST',
      as: 'supervisor',
      body: { mergedId: 'other', mergedVersion: 2 },
    });
    expect(withoutVersion.status).toBe(428);
    const badBody = await call(`${base}/r-1/merge`, {
      method: 'POST',
      as: 'admin',
      body: { mergedVersion: 0 },
      headers: { 'if-match': '"5"' },
    });
    expect(badBody.status).toBe(400);
    expect(((await badBody.json()) as Problem).errors.map((e) => e.path).sort()).toEqual([
      'mergedId',
      'mergedVersion',
    ]);
    expect(nats.sent).toEqual([]);
  });

  it('merge: the service’s CONFLICT is 409 and its VALIDATION_FAILED 400 naming the field', async () => {
    const merge = () =>
      call(`${base}/r-1/merge`, {
        method: 'POST',
        as: 'admin',
        body: { mergedId: 'other', mergedVersion: 2 },
        headers: { 'if-match': '"5"' },
      });
    nats.reply = async () => {
      throw ServiceError.conflict('stale', [
        { path: 'mergedVersion', reason: 'stale', code: 'stale_version' },
      ]);
    };
    expect((await merge()).status).toBe(409);
    nats.reply = async () => {
      throw ServiceError.validation('same', [
        { path: 'mergedId', reason: 'the same as survivorId', code: 'same_record' },
      ]);
    };
    const refused = await merge();
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Problem).errors.map((e) => e.path)).toEqual(['mergedId']);
  });

  it('unmerge: the survivor from the path, the merge id in the body, the ETag of the survivor', async () => {
    const response = await call(`${base}/r-1/unmerge`, {
      method: 'POST',
      as: 'admin',
      body: { mergeId: 'm-1' },
      headers: { 'if-match': '"6"' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe('"8"');
    expect(nats.sent[0]).toMatchObject({
      subject: subject('unmerge'),
      payload: { survivorId: 'r-1', survivorVersion: 6, mergeId: 'm-1' },
    });
  });

  it('history: the id from the path', async () => {
    const response = await call(`${base}/abc/history`, { as: 'analyst' });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ changes: [{ change: 'created' }] });
    expect(nats.sent[0]).toMatchObject({ subject: subject('history'), payload: { id: 'abc' } });
  });
});
