import { randomBytes, randomUUID } from 'node:crypto';

import { type INestApplication } from '@nestjs/common';
import { getConnectionToken } from '@nestjs/mongoose';
import {
  type Principal,
  createReferenceEntry,
  getReferenceEntry,
  referenceEntryCreated,
} from '@opencen/contracts';
import {
  ContractClient,
  IDEMPOTENCY_KEYS_COLLECTION,
  type IdempotencyKeyDocument,
  IdempotencyKeys,
  keyDocumentId,
  loadEnv,
  startService,
} from '@opencen/nest-kit';
import {
  assertNobodyAnswers,
  dieBeforeTheReplyIsKept,
  storedEvents,
  testServiceEnv,
} from '@opencen/testing';
import { type Connection } from 'mongoose';
import { type NatsConnection, connect } from 'nats';

import { AppModule } from '../src/app.module';
import { type ReferenceEnv, referenceEnvSchema } from '../src/config/env';

/**
 * `Idempotency-Key` on entry creation against real NATS and FerretDB: a creation whose service
 * died after storing the entry and before answering is answered that entry by its replay after a
 * restart (the same code and content, unchanged since), with one created event; another request
 * for the code is still refused as a duplicate. It starts the service on the real `reference.*`
 * subjects: the package runs its integration files in band.
 */
const admin: Principal = {
  sub: `it-idem-admin-${randomBytes(3).toString('hex')}`,
  username: 'admin',
  roles: ['admin'],
};
const list = 'concealment-methods' as const;
const code = `IT_IDEM_${randomBytes(3).toString('hex').toUpperCase()}`;
/** Short, so that the test sees a dead run's key taken over. */
const LEASE_MS = 1500;

describe('entry creation under an Idempotency-Key', () => {
  const env: ReferenceEnv = loadEnv(
    referenceEnvSchema,
    testServiceEnv(__filename, {
      REFERENCE_SEED_ON_START: 'false',
      IDEMPOTENCY_LEASE_MS: String(LEASE_MS),
    }),
  );
  const client = ContractClient.over(env.NATS_URL);
  let app: INestApplication | undefined;
  let nats: NatsConnection;

  const start = () =>
    startService(AppModule.register(env), { service: 'reference', env, handleSignals: false });

  beforeAll(async () => {
    nats = await connect({ servers: env.NATS_URL });
    await assertNobodyAnswers(
      client,
      [[getReferenceEntry, { list: 'countries', code: 'FR' }]],
      'reference-data',
    );
    app = await start();
  });

  afterAll(async () => {
    await app?.close();
    await client.onApplicationShutdown();
    await nats?.drain();
  });

  const create = async (labels: { en: string }, key: string) => {
    let replayed = false;
    const reply = await client.send(
      createReferenceEntry,
      { list, code, labels },
      {
        context: { correlationId: `it-${randomUUID()}`, principal: admin },
        idempotencyKey: key,
        onReplayed: () => (replayed = true),
      },
    );
    return { reply, replayed };
  };
  const keyDocument = (key: string) =>
    app!
      .get<Connection>(getConnectionToken())
      .collection<IdempotencyKeyDocument>(IDEMPOTENCY_KEYS_COLLECTION)
      .findOne({ _id: keyDocumentId(admin.sub, key) });

  it('answers the entry of a creation that died before answering, once, after a restart; another request for the code stays a duplicate', async () => {
    const key = randomUUID();
    const labels = { en: 'Hidden in a spare tyre' };
    // The service dies after the entry is stored and before the key records the reply.
    const dies = dieBeforeTheReplyIsKept(app!.get(IdempotencyKeys));
    await expect(create(labels, key)).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(dies.deaths()).toBe(1);
    expect(await keyDocument(key)).toMatchObject({ state: 'running' });

    await app!.close();
    app = await start();
    await expect(create(labels, key)).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'Idempotency-Key' })],
    });
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS + 200));
    const replay = await create(labels, key);
    expect(replay.replayed).toBe(false);
    expect(replay.reply).toMatchObject({ list, code, version: 1, label: labels.en });
    const stored = await client.send(
      getReferenceEntry,
      { list, code },
      { context: { correlationId: `it-${randomUUID()}`, principal: admin } },
    );
    expect(replay.reply).toEqual(stored);
    expect(await keyDocument(key)).toMatchObject({ state: 'done' });
    expect(await create(labels, key)).toEqual({ reply: replay.reply, replayed: true });

    // Under a new key, the same code is another creation: refused as before, changing nothing.
    await expect(create(labels, randomUUID())).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'code' })],
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const created = (
      await storedEvents<{ type: string; subject: string }>(nats, 'events.reference.entry.>')
    ).filter((event) => event.subject === `${list}/${code}`);
    expect(created.map((event) => event.type)).toEqual([referenceEntryCreated.type]);
  });
});
