import { randomBytes, randomUUID } from 'node:crypto';

import { getConnectionToken } from '@nestjs/mongoose';
import { type CaseDraftInput, type Principal, createCase, getCase } from '@opencen/contracts';
import {
  ContractClient,
  IDEMPOTENCY_KEYS_COLLECTION,
  type IdempotencyKeyDocument,
  IdempotencyKeys,
  keyDocumentId,
  nextIdempotentId,
  runIdempotent,
} from '@opencen/nest-kit';
import { dieBeforeTheReplyIsKept, storedEvents } from '@opencen/testing';
import { type Connection } from 'mongoose';

import { type CasesService, startCasesService } from './support/cases-service';

/**
 * `Idempotency-Key` on case creation against real NATS and FerretDB: a replay answers the first
 * case, and a creation whose service died after storing the case and before answering is answered
 * that case by the replay, with nothing doubled (no second case, no second event on the stream).
 */
const suffix = randomBytes(3).toString('hex');
const person = `person-${suffix}`;
const officer: Principal = {
  sub: `it-idem-officer-${suffix}`,
  username: 'officer',
  roles: ['officer'],
  office: 'FRA-CDG',
};
const colleague: Principal = { ...officer, sub: `it-idem-colleague-${suffix}` };
const draft: CaseDraftInput = {
  type: 'seizure',
  location: { office: 'FRA-CDG' },
  parties: [{ subjectType: 'person', subjectId: person, role: 'offender' }],
};
/** Short, so that the test sees a dead run's key taken over. */
const LEASE_MS = 1500;

type CreatedEvent = { id: string; type: string; subject: string; actor?: string };

describe('case creation under an Idempotency-Key', () => {
  let service: CasesService;
  let client: ContractClient;

  beforeAll(async () => {
    service = await startCasesService(__filename, {
      knownSubjects: [person],
      env: { IDEMPOTENCY_LEASE_MS: String(LEASE_MS) },
    });
    client = ContractClient.over(service.env.NATS_URL);
  });

  afterAll(async () => {
    await client?.onApplicationShutdown();
    await service?.close();
  });

  const create = async (principal: Principal, key: string, body = draft) => {
    let replayed = false;
    const reply = await client.send(
      createCase,
      { draft: body },
      {
        context: { correlationId: `it-${randomUUID()}`, principal },
        idempotencyKey: key,
        onReplayed: () => (replayed = true),
      },
    );
    return { reply, replayed };
  };
  const keyDocuments = () =>
    service.app
      .get<Connection>(getConnectionToken())
      .collection<IdempotencyKeyDocument>(IDEMPOTENCY_KEYS_COLLECTION);
  /** The created events on the stream of the cases `principal` created. */
  const createdBy = async (principal: Principal) =>
    (await storedEvents<CreatedEvent>(service.nats, 'events.cases.case.created.v1')).filter(
      (event) => event.actor === principal.sub,
    );
  const settle = () => new Promise((resolve) => setTimeout(resolve, 1500));

  it('answers a replay with the first case, refuses the key with another body, and keeps users apart', async () => {
    const key = randomUUID();
    const first = await create(officer, key);
    const again = await create(officer, key);
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ reply: first.reply, replayed: true });

    await expect(
      create(officer, key, { ...draft, narrative: 'another creation' }),
    ).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      details: [expect.objectContaining({ path: 'Idempotency-Key' })],
    });
    const theirs = await create(colleague, key);
    expect(theirs.replayed).toBe(false);
    expect(theirs.reply.id).not.toBe(first.reply.id);

    await settle();
    expect((await createdBy(officer)).map((e) => e.subject)).toEqual([first.reply.id]);
    expect((await createdBy(colleague)).map((e) => e.subject)).toEqual([theirs.reply.id]);
  });

  it('answers the case of a creation that died after storing it and before answering, once, after a restart', async () => {
    const key = randomUUID();
    const before = (await createdBy(officer)).length;
    // The service dies after the case is stored and before the key records the reply: the key
    // document stays "running" with its lease, exactly as a kill -9 at that point leaves it.
    const dies = dieBeforeTheReplyIsKept(service.app.get(IdempotencyKeys));
    await expect(create(officer, key)).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(dies.deaths()).toBe(1);
    const left = await keyDocuments().findOne({ _id: keyDocumentId(officer.sub, key) });
    expect(left).toMatchObject({ state: 'running' });
    expect(left?.reply).toBeUndefined();
    // The case the dead run stored, under the first id derived from the key's seed.
    const firstId = runIdempotent({ seed: left!.seed, retry: false }, () => nextIdempotentId());
    const cases = service.app.get<Connection>(getConnectionToken()).collection('cases');
    expect(await cases.findOne({ _id: firstId as never })).not.toBeNull();

    await service.restart();
    // While the dead run's lease lasts, a replay is told the first is still running.
    await expect(create(officer, key)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'Idempotency-Key' })],
    });
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 200));
    const replay = await create(officer, key);
    expect(replay).toMatchObject({ reply: { id: firstId }, replayed: false });
    const stored = await service.send(getCase, { id: replay.reply.id }, officer);
    expect(replay.reply).toEqual(stored);
    // The same case, stored once: its number was not allocated again, and one created event.
    expect(stored.number).toBe(replay.reply.number);
    await settle();
    const events = await createdBy(officer);
    expect(events.slice(before).map((e) => e.subject)).toEqual([replay.reply.id]);
    expect(await keyDocuments().findOne({ _id: keyDocumentId(officer.sub, key) })).toMatchObject({
      state: 'done',
    });
    // and from now on the recorded reply answers.
    expect(await create(officer, key)).toEqual({ reply: replay.reply, replayed: true });
  });
});
