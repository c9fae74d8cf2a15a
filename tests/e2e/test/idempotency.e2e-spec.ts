import { randomUUID } from 'node:crypto';
import { type Case } from '@opencen/contracts';
import { type NatsConnection, connect } from 'nats';
import { listenForEvents } from './support/events';
import { type ProblemBody, api } from './support/gateway';

/**
 * `Idempotency-Key` on case creation through the gateway, with real tokens and the real stack:
 * replays answer the first case, another body 422, another user's key is theirs. What a replay
 * does after a kill -9 is in tests/faults.
 */
const draft = (narrative: string) => ({
  type: 'seizure',
  location: { office: 'FRA-CDG', placeType: 'airport', country: 'FR' },
  narrative,
});

const create = (key: string, body: object, as: 'officer' | 'supervisor' = 'officer') =>
  api<Case>('/api/v1/cases', {
    method: 'POST',
    as,
    body,
    headers: { 'Idempotency-Key': key },
  });

describe('Idempotency-Key on case creation', () => {
  let nats: NatsConnection;
  let created: Awaited<ReturnType<typeof listenForEvents<unknown>>>;

  beforeAll(async () => {
    nats = await connect({ servers: process.env.NATS_URL });
    created = await listenForEvents<unknown>(nats, 'events.cases.case.created.v1', () => true);
  });

  afterAll(async () => {
    await created?.stop();
    await nats?.close();
  });

  /** How many created events the stream holds for each of `ids`, once they had time to come. */
  async function createdEventsOf(ids: readonly string[]): Promise<number[]> {
    const wanted = new Set(ids);
    const deadline = Date.now() + 15_000;
    const count = () => created.received.filter((r) => wanted.has(r.event.subject ?? '')).length;
    while (count() < ids.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    // A little longer, to see a second event if there were one.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    return ids.map(
      (id) => created.received.filter((received) => received.event.subject === id).length,
    );
  }

  it('answers the same key and body with the first 201 and its body, and records one case', async () => {
    const key = randomUUID();
    const body = { draft: draft(`Idempotent ${key}`) };
    const first = await create(key, body);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await create(key, body);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(`/api/v1/cases/${first.body.id}`);
    expect(await createdEventsOf([first.body.id])).toEqual([1]);
  });

  it('refuses the same key with another body: 422 naming the header, and nothing recorded', async () => {
    const key = randomUUID();
    const first = await create(key, { draft: draft('first body') });
    expect(first.status).toBe(201);
    const other = await api<ProblemBody>('/api/v1/cases', {
      method: 'POST',
      as: 'officer',
      body: { draft: draft('another body') },
      headers: { 'Idempotency-Key': key },
    });
    expect(other.status).toBe(422);
    expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(other.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(other.body.errors.map((e) => e.path)).toEqual(['Idempotency-Key']);
    // The first creation still answers its key.
    expect((await create(key, { draft: draft('first body') })).body.id).toBe(first.body.id);
  });

  it("keeps another user's key apart: the same key creates their own case", async () => {
    const key = randomUUID();
    const body = { draft: draft(`Shared key ${key}`) };
    const mine = await create(key, body, 'officer');
    // Not officer2: the import e2e test counts the cases numbered in officer2's office.
    const theirs = await create(key, body, 'supervisor');
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(theirs.body.createdBy).not.toBe(mine.body.createdBy);
  });

  it('refuses a malformed key with 400 naming the header, before anything is sent', async () => {
    const refused = await api<ProblemBody>('/api/v1/cases', {
      method: 'POST',
      as: 'officer',
      body: { draft: draft('bad key') },
      headers: { 'Idempotency-Key': 'x'.repeat(256) },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e) => e.path)).toEqual(['Idempotency-Key']);
  });
});
