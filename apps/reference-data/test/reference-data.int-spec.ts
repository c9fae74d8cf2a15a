import { randomBytes } from 'node:crypto';
import { type INestApplication } from '@nestjs/common';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import {
  type Principal,
  REFERENCE_LISTS,
  type RequestContract,
  type RequestOf,
  createReferenceEntry,
  deprecateReferenceEntry,
  getReferenceEntry,
  getReferenceSnapshot,
  listReferenceEntries,
  referenceEntryCreated,
  referenceEntryDeprecated,
  referenceEntryUpdated,
  updateReferenceEntry,
  validateReferenceCodes,
} from '@opencen/contracts';
import { ContractClient, type RequestContext, loadEnv, startService } from '@opencen/nest-kit';
import { assertNobodyAnswers, eventually, storedEvents, testServiceEnv } from '@opencen/testing';
import mongoose from 'mongoose';
import { type NatsConnection, connect } from 'nats';
import { firstValueFrom } from 'rxjs';

import { AppModule } from '../src/app.module';
import { type ReferenceEnv, referenceEnvSchema } from '../src/config/env';
import { VALIDATION_REVISION_CHECK_MS } from '../src/entries/infrastructure/entry.repository';
import { BundledSeedSources } from '../src/entries/infrastructure/seed/bundled-seed-sources';

/**
 * The service in process against real NATS and FerretDB, driven only through its request
 * contracts. Its subjects are the real `reference.*` ones, answered by the queue group
 * `reference`: run this file alone (the package's test script runs integration files in band).
 */

const admin: Principal = { sub: 'it-admin', username: 'admin', roles: ['admin'] };
const officer: Principal = {
  sub: 'it-officer',
  username: 'officer',
  roles: ['officer'],
  office: 'FRA-CDG',
};
const suffix = randomBytes(3).toString('hex').toUpperCase();

function serviceEnv(database?: string): ReferenceEnv {
  return loadEnv(
    referenceEnvSchema,
    testServiceEnv(__filename, database ? { MONGO_DB: database } : {}),
  );
}

function start(env: ReferenceEnv): Promise<INestApplication> {
  return startService(AppModule.register(env), { service: 'reference', env, handleSignals: false });
}

/** Entries per list, read straight from the database. */
async function countsIn(env: ReferenceEnv): Promise<Record<string, number>> {
  return withDatabase(env, async (db) => {
    const groups = await db
      .collection('entries')
      .aggregate<{ _id: string; count: number }>([{ $group: { _id: '$list', count: { $sum: 1 } } }])
      .toArray();
    return Object.fromEntries(groups.map((group) => [group._id, group.count]));
  });
}

/** Each list's revision counter, read straight from the database. */
async function revisionsIn(env: ReferenceEnv): Promise<Record<string, number>> {
  return withDatabase(env, async (db) => {
    const lists = await db.collection<{ _id: string; revision: number }>('lists').find().toArray();
    return Object.fromEntries(lists.map((list) => [list._id, list.revision]));
  });
}

async function withDatabase<T>(
  env: ReferenceEnv,
  read: (db: mongoose.Connection) => Promise<T>,
): Promise<T> {
  const connection = await mongoose
    .createConnection(env.MONGO_URL, { dbName: env.MONGO_DB })
    .asPromise();
  try {
    return await read(connection);
  } finally {
    await connection.close();
  }
}

/** How many entries each list's seed source has. */
async function seedSizes(env: ReferenceEnv): Promise<Record<string, number>> {
  const sources = new BundledSeedSources(env.REFERENCE_DATA_DIR);
  const sizes = await Promise.all(
    REFERENCE_LISTS.map(async (list) => [list, (await sources.load(list))?.length ?? 0]),
  );
  return Object.fromEntries(sizes.filter(([, size]) => size !== 0));
}

describe('reference-data over NATS', () => {
  const env = serviceEnv();
  const client = ContractClient.over(env.NATS_URL);
  const raw = ClientProxyFactory.create({
    transport: Transport.NATS,
    options: { servers: env.NATS_URL },
  });
  let app: INestApplication | undefined;
  let nats: NatsConnection;
  let seededCounts: Record<string, number>;

  function send<C extends RequestContract>(
    contract: C,
    payload: RequestOf<C>,
    principal?: Principal,
  ) {
    const context: RequestContext = {
      correlationId: `it-${randomBytes(4).toString('hex')}`,
      principal,
    };
    return client.send(contract, payload, { context });
  }

  beforeAll(async () => {
    nats = await connect({ servers: env.NATS_URL });
    // Two replicas start in the first test, so this file starts the service itself.
    await assertNobodyAnswers(
      client,
      [[getReferenceEntry, { list: 'countries', code: 'FR' }]],
      'reference-data',
    );
  });

  afterAll(async () => {
    await app?.close();
    await client.onApplicationShutdown();
    await raw.close();
    await nats?.drain();
  });

  describe('seeding', () => {
    it('fills every list once, even when two replicas start at the same time on an empty database', async () => {
      const started = Date.now();
      const replicas = await Promise.all([start(env), start(env)]);
      const seconds = (Date.now() - started) / 1000;
      seededCounts = await countsIn(env);
      await Promise.all(replicas.map((replica) => replica.close()));
      process.stderr.write(
        `[reference-data] two replicas seeded ${JSON.stringify(seededCounts)} in ${seconds}s\n`,
      );
      expect(seededCounts).toEqual(await seedSizes(env));
      expect(seededCounts.countries).toBeGreaterThanOrEqual(249);
    });

    it('seeds nothing at a restart: the same counts and revisions, and the service answers from them', async () => {
      const revisions = await revisionsIn(env);
      app = await start(env);
      expect(await countsIn(env)).toEqual(seededCounts);
      expect(await revisionsIn(env)).toEqual(revisions);
      const countries = await send(getReferenceSnapshot, { list: 'countries' });
      expect(countries.entries).toHaveLength(seededCounts.countries!);
    });
  });

  describe('queries', () => {
    it('gets an entry with its label in the language asked for', async () => {
      await expect(
        send(getReferenceEntry, { list: 'countries', code: 'FR', language: 'ar' }),
      ).resolves.toMatchObject({
        list: 'countries',
        code: 'FR',
        label: 'فرنسا',
        labelLanguage: 'ar',
        attributes: { alpha3: 'FRA', numeric: '250' },
        deprecated: false,
        version: 1,
      });
    });

    it('says NOT_FOUND for an unknown code', async () => {
      await expect(
        send(getReferenceEntry, { list: 'countries', code: 'QQ' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });

    it('finds entries by the start of a word of any label, in any script', async () => {
      for (const text of ['fran', 'Франц', 'فرنسا', 'FR']) {
        const page = await send(listReferenceEntries, { list: 'countries', text, language: 'es' });
        expect(page.items.map((item) => item.code)).toContain('FR');
        expect(page.items.find((item) => item.code === 'FR')).toMatchObject({
          label: 'Francia',
          labelLanguage: 'es',
        });
      }
      const twoWords = await send(listReferenceEntries, { list: 'countries', text: 'united king' });
      expect(twoWords.items.map((item) => item.code)).toEqual(['GB']);
    });

    it('pages through a whole list with opaque cursors, each entry once, in code order', async () => {
      const codes: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await send(listReferenceEntries, {
          list: 'currencies',
          limit: 40,
          ...(cursor ? { cursor } : {}),
        });
        codes.push(...page.items.map((item) => item.code));
        cursor = page.nextCursor;
      } while (cursor);
      expect(codes).toHaveLength(seededCounts.currencies!);
      expect([...codes].sort()).toEqual(codes);
      expect(new Set(codes).size).toBe(codes.length);
    });

    it('validates a batch of codes with the reason of each bad one', async () => {
      await expect(
        send(validateReferenceCodes, {
          list: 'countries',
          codes: ['FR', 'fr', 'QQ'],
          at: '2024-01-01',
        }),
      ).resolves.toEqual({
        allValid: false,
        results: [
          { code: 'FR', valid: true },
          { code: 'fr', valid: false, reason: expect.stringMatching(/^malformed: /) },
          { code: 'QQ', valid: false, reason: 'unknown: no such code in countries' },
        ],
      });
    });

    it('validates against a change another replica made within a second of it', async () => {
      const validity = async () =>
        (await send(validateReferenceCodes, { list: 'countries', codes: ['BV'] })).results[0];
      expect(await validity()).toEqual({ code: 'BV', valid: true });
      // What another replica's deprecation leaves in the store: the entry and the list's revision.
      const deprecate = (deprecated: boolean) =>
        withDatabase(env, async (db) => {
          await db
            .collection<{ _id: string }>('entries')
            .updateOne(
              { _id: 'countries/BV' },
              deprecated
                ? { $set: { deprecated, validTo: '2000-12-31' } }
                : { $set: { deprecated }, $unset: { validTo: 1 } },
            );
          await db
            .collection<{ _id: string }>('lists')
            .updateOne({ _id: 'countries' }, { $inc: { revision: 1 } });
        });
      await deprecate(true);
      try {
        await eventually(
          async () => expect(await validity()).toMatchObject({ code: 'BV', valid: false }),
          VALIDATION_REVISION_CHECK_MS + 1_000,
          'BV refused once deprecated',
        );
      } finally {
        await deprecate(false);
      }
      await eventually(
        async () => expect(await validity()).toEqual({ code: 'BV', valid: true }),
        VALIDATION_REVISION_CHECK_MS + 1_000,
        'BV valid again',
      );
    });

    it('validates national HS codes by their heading', async () => {
      const chapter = '98';
      const heading = '9801';
      for (const [code, attributes] of [
        [chapter, {}],
        [heading, { chapter }],
      ] as const) {
        const exists = await send(getReferenceEntry, { list: 'hs-codes', code }).catch(() => null);
        if (!exists) {
          await send(
            createReferenceEntry,
            {
              list: 'hs-codes',
              code,
              labels: { en: `Test ${code}` },
              attributes,
              validFrom: '2022-01-01',
            },
            admin,
          );
        }
      }
      const reply = await send(validateReferenceCodes, {
        list: 'hs-codes',
        codes: ['980110', '98011000', '9801100010', '9801100', '77777777'],
        at: '2024-01-01',
      });
      expect(reply.results).toEqual([
        { code: '980110', valid: true },
        { code: '98011000', valid: true },
        { code: '9801100010', valid: true },
        { code: '9801100', valid: false, reason: expect.stringMatching(/^malformed: /) },
        {
          code: '77777777',
          valid: false,
          reason: 'heading 7777: unknown: no such code in hs-codes',
        },
      ]);
    });
  });

  describe('changes by an administrator', () => {
    const code = `IT_TEST_${suffix}`;
    const list = 'concealment-methods' as const;

    interface StoredEvent {
      id: string;
      type: string;
      subject: string;
      data: { version: number };
    }

    /** Every entry event in the stream about `subject`; other runs and files leave theirs there too. */
    async function eventsInStream(subject: string): Promise<StoredEvent[]> {
      const events = await storedEvents<StoredEvent>(nats, 'events.reference.entry.>');
      return events.filter((event) => event.subject === subject);
    }

    async function publishedEvents(subject: string, expected: number): Promise<StoredEvent[]> {
      const deadline = Date.now() + 10_000;
      let events = await eventsInStream(subject);
      while (events.length < expected && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        events = await eventsInStream(subject);
      }
      return events;
    }

    it('creates, updates and deprecates an entry, each change published exactly once', async () => {
      const before = await send(getReferenceSnapshot, { list });
      const created = await send(
        createReferenceEntry,
        {
          list,
          code,
          labels: { en: 'Hidden in a test', fr: 'Caché dans un test' },
          validFrom: '2020-01-01',
        },
        admin,
      );
      expect(created).toMatchObject({
        code,
        version: 1,
        deprecated: false,
        label: 'Hidden in a test',
      });

      const updated = await send(
        updateReferenceEntry,
        { list, code, version: 1, labels: { en: 'Hidden in a test', ar: 'مخفي في اختبار' } },
        admin,
      );
      expect(updated).toMatchObject({
        version: 2,
        labels: { en: 'Hidden in a test', ar: 'مخفي في اختبار' },
      });
      await expect(send(getReferenceEntry, { list, code, language: 'fr' })).resolves.toMatchObject({
        label: 'Hidden in a test',
        labelLanguage: 'en',
      });

      const deprecated = await send(
        deprecateReferenceEntry,
        { list, code, version: 2, validTo: '2023-12-31' },
        admin,
      );
      expect(deprecated).toMatchObject({ version: 3, deprecated: true, validTo: '2023-12-31' });

      // Still readable, hidden from lists unless asked for, valid before its last day only.
      await expect(send(getReferenceEntry, { list, code, language: 'ar' })).resolves.toMatchObject({
        label: 'مخفي في اختبار',
        deprecated: true,
      });
      const listed = async (includeDeprecated: boolean) =>
        (await send(listReferenceEntries, { list, text: code, includeDeprecated })).items.map(
          (item) => item.code,
        );
      expect(await listed(false)).toEqual([]);
      expect(await listed(true)).toEqual([code]);
      const active = await send(listReferenceEntries, {
        list,
        text: code,
        includeDeprecated: true,
        activeAt: '2024-06-01',
      });
      expect(active.items).toEqual([]);
      await expect(
        send(validateReferenceCodes, { list, codes: [code, code], at: '2023-06-01' }),
      ).resolves.toMatchObject({
        allValid: true,
      });
      await expect(
        send(validateReferenceCodes, { list, codes: [code], at: '2024-01-01' }),
      ).resolves.toEqual({
        allValid: false,
        results: [{ code, valid: false, reason: 'deprecated since 2024-01-01' }],
      });

      const after = await send(getReferenceSnapshot, { list });
      expect(after.version).toBeGreaterThanOrEqual(before.version + 3);
      expect(after.entries.map((entry) => entry.code)).toContain(code);

      const events = await publishedEvents(`${list}/${code}`, 3);
      expect(events.map((event) => [event.type, event.data.version])).toEqual([
        [referenceEntryCreated.type, 1],
        [referenceEntryUpdated.type, 2],
        [referenceEntryDeprecated.type, 3],
      ]);
      expect(new Set(events.map((event) => event.id)).size).toBe(3);
    });

    it('counts every change in the snapshot version, also changes made at the same time', async () => {
      const before = await send(getReferenceSnapshot, { list });
      const codes = Array.from({ length: 12 }, (_, index) => `IT_BURST_${suffix}_${index}`);
      await Promise.all(
        codes.map((burst) =>
          send(createReferenceEntry, { list, code: burst, labels: { en: burst } }, admin),
        ),
      );
      const after = await send(getReferenceSnapshot, { list });
      expect(after.version).toBeGreaterThanOrEqual(before.version + codes.length);
      expect(after.entries.map((entry) => entry.code)).toEqual(expect.arrayContaining(codes));
    });

    it('refuses a change from a stale version, and keeps the stored one', async () => {
      const other = `IT_STALE_${suffix}`;
      await send(createReferenceEntry, { list, code: other, labels: { en: 'Stale test' } }, admin);
      await send(
        updateReferenceEntry,
        { list, code: other, version: 1, labels: { en: 'First writer' } },
        admin,
      );
      await expect(
        send(
          updateReferenceEntry,
          { list, code: other, version: 1, labels: { en: 'Second writer' } },
          admin,
        ),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
        details: [expect.objectContaining({ path: 'version' })],
      });
      await expect(send(getReferenceEntry, { list, code: other })).resolves.toMatchObject({
        label: 'First writer',
        version: 2,
      });
    });

    it('refuses a duplicate code with CONFLICT', async () => {
      await expect(
        send(
          createReferenceEntry,
          {
            list: 'countries',
            code: 'FR',
            labels: { en: 'Again' },
            attributes: { alpha3: 'FRA', numeric: '250' },
          },
          admin,
        ),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
        details: [expect.objectContaining({ path: 'code' })],
      });
    });

    it('is refused to a non-administrator, and to a caller without a principal', async () => {
      const denied = `IT_DENIED_${suffix}`;
      await expect(
        send(createReferenceEntry, { list, code: denied, labels: { en: 'Denied' } }, officer),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(
        send(createReferenceEntry, { list, code: denied, labels: { en: 'Denied' } }),
      ).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
      });
      await expect(
        send(deprecateReferenceEntry, { list: 'countries', code: 'FR', version: 1 }, officer),
      ).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(send(getReferenceEntry, { list, code: denied })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(
        send(getReferenceEntry, { list: 'countries', code: 'FR' }),
      ).resolves.toMatchObject({ deprecated: false });
    });

    it('refuses bad input with the field paths, and changes nothing', async () => {
      const before = await send(getReferenceSnapshot, { list: 'customs-offices' });
      // Checked by the list's rules: format of the code, required attributes, period.
      const ruleError = await send(
        createReferenceEntry,
        {
          list: 'customs-offices',
          code: `FRCDG${suffix}`,
          labels: { en: 'Bad office' },
          attributes: { type: 'airport', country: 'QQ', latitude: 120 },
          validFrom: '2026-01-01',
          validTo: '2025-01-01',
        },
        admin,
      ).catch((e: unknown) => e);
      expect(ruleError).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(
        (ruleError as { details: { path: string }[] }).details.map((detail) => detail.path).sort(),
      ).toEqual([
        'attributes.country',
        'attributes.latitude',
        'attributes.longitude',
        'code',
        'validTo',
      ]);
      // Checked by the contract at the receiver, whatever the sender did.
      const contractError = await firstValueFrom(
        raw.send(createReferenceEntry.subject, {
          list: 'customs-offices',
          code: 'FRA-BAD',
          labels: { fr: 'Sans anglais' },
        }),
      ).catch((e: unknown) => e);
      expect(contractError).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: [expect.objectContaining({ path: 'labels.en' })],
      });

      const after = await send(getReferenceSnapshot, { list: 'customs-offices' });
      expect(after.version).toBe(before.version);
      expect(after.entries).toHaveLength(before.entries.length);
    });
  });

  it('reports ready on its health endpoint', async () => {
    const response = await fetch(`${await app!.getUrl()}/health/ready`);
    expect(response.status).toBe(200);
  });
});
