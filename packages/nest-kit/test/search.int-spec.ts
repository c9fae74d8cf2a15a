import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { buildEvent, defineEvent } from '@opencen/contracts';
import { testServiceEnv } from '@opencen/testing';
import { Client } from '@opensearch-project/opensearch';
import mongoose from 'mongoose';
import { type NatsConnection, connect } from 'nats';
import { z } from 'zod';
import {
  SEARCH_REBUILDS_COLLECTION,
  type SearchRebuild,
  SearchWriter,
  aliasTargets,
  ensureEventsStream,
  ensureSearchIndex,
  indexNames,
  rebuildSearchIndex,
} from '../src';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PARCELS_INDEX, projectedParcel } = require('./fixtures/parcels') as {
  PARCELS_INDEX: Parameters<typeof indexNames>[0];
  projectedParcel: (parcel: Parcel) => {
    id: string;
    version: number;
    document: Record<string, unknown>;
  };
};

interface Parcel {
  _id: string;
  label: string;
  version: number;
}

const aggregate = `kitsearch${randomBytes(3).toString('hex')}`;
const parcelChanged = defineEvent({
  service: 'reference',
  aggregate,
  verb: 'changed',
  version: 1,
  description: 'A test parcel changed',
  data: z.object({}),
});
const encoder = new TextEncoder();

function runProjector(
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(__dirname, 'fixtures/search-projector-process.js')],
      { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe('search projection and rebuild', () => {
  const env = testServiceEnv(__filename, { AGGREGATE: aggregate });
  const prefix = env.OPENSEARCH_INDEX_PREFIX!;
  const connection = mongoose.createConnection(env.MONGO_URL!, { dbName: env.MONGO_DB });
  const parcels = connection.collection<Parcel>('parcels');
  const rebuilds = connection.collection<SearchRebuild>(SEARCH_REBUILDS_COLLECTION);
  const client = new Client({ node: env.OPENSEARCH_URL! });
  const names = indexNames(PARCELS_INDEX, prefix);
  let nats: NatsConnection;

  const stored = async (id: string) => {
    const { body } = await client.get({ index: names.alias, id }, { ignore: [404] });
    return body.found
      ? { version: body._version as number, ...(body._source as Record<string, unknown>) }
      : null;
  };

  beforeAll(async () => {
    await connection.asPromise();
    nats = await connect({ servers: env.NATS_URL });
    await ensureEventsStream(await nats.jetstreamManager());
    await ensureSearchIndex(client, PARCELS_INDEX, prefix);
  });

  afterAll(async () => {
    await client.indices.delete({ index: `${prefix}*` }, { ignore: [404] });
    await client.close();
    await nats?.drain();
    await connection.close();
  });

  it('keeps the newest version whatever order and however often documents are written', async () => {
    const writer = new SearchWriter(client, names);
    const v1 = projectedParcel({ _id: 'order-1', label: 'first state', version: 1 });
    const v2 = projectedParcel({ _id: 'order-1', label: 'second state', version: 2 });
    await writer.write('order-1', v2);
    await writer.write('order-1', v2); // the same event twice
    await writer.write('order-1', v1); // an older state after a newer one
    expect(await stored('order-1')).toEqual({ version: 2, label: 'second state' });
    await writer.write('order-1', null); // the aggregate is gone
    expect(await stored('order-1')).toBeNull();
  });

  it('adds the fields of a newer version to a live older index, so that new documents fit it', async () => {
    const older = { ...PARCELS_INDEX, alias: `${PARCELS_INDEX.alias}-upgrade` };
    const newer = {
      ...older,
      version: 2,
      mappings: {
        ...older.mappings,
        properties: {
          ...(older.mappings as { properties: object }).properties,
          weight: { type: 'integer' },
        },
      },
    };
    const created = await ensureSearchIndex(client, older, prefix);
    expect(created).toMatchObject({ current: true, accepts: true });
    const upgraded = await ensureSearchIndex(client, newer, prefix);
    expect(upgraded).toEqual({ index: created.index, current: false, accepts: true });
    await client.index({
      index: created.index,
      id: 'p1',
      body: { label: 'heavy', version: 1, weight: 12 },
      refresh: true,
    });
    // A change OpenSearch cannot make to a live index (a field's type) is said, not applied.
    const incompatible = {
      ...newer,
      version: 3,
      mappings: { ...newer.mappings, properties: { label: { type: 'integer' } } },
    };
    expect(await ensureSearchIndex(client, incompatible, prefix)).toMatchObject({
      current: false,
      accepts: false,
    });
  });

  it('refuses to write an index whose alias is missing rather than creating one', async () => {
    const writer = new SearchWriter(
      client,
      indexNames({ ...PARCELS_INDEX, alias: 'kittest-none' }, prefix),
    );
    await expect(
      writer.write('x', projectedParcel({ _id: 'x', label: 'x', version: 1 })),
    ).rejects.toThrow();
    expect(await aliasTargets(client, `${prefix}kittest-none`)).toEqual([]);
  });

  it('a projector killed while indexing leaves nothing behind once another one resumes', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `kill-${String(i).padStart(2, '0')}`);
    await parcels.insertMany(
      ids.map((id, i) => ({ _id: id, label: `parcel ${i} final`, version: 1 + (i % 3) })),
    );
    // A first run creates the durable consumer, which takes the events published from then on.
    expect(await runProjector(env)).toMatchObject({ code: 0, stderr: '' });
    const js = nats.jetstream();
    for (const id of [...ids, ...ids.slice(0, 5).reverse()]) {
      // Every parcel once, five of them again in reverse order (duplicates, out of order).
      const event = buildEvent(parcelChanged, {
        subject: id,
        data: {},
        correlationId: 'c',
        actor: 'test',
      });
      await js.publish(parcelChanged.subject, encoder.encode(JSON.stringify(event)));
    }

    const crashed = await runProjector({ ...env, CRASH_AFTER_WRITES: '7' });
    expect(crashed.signal).toBe('SIGKILL');
    await client.indices.refresh({ index: names.alias });
    const { body: partial } = await client.count({ index: names.alias, q: 'label:final' });
    expect(partial.count).toBeLessThan(ids.length);

    const resumed = await runProjector(env);
    expect(resumed).toMatchObject({ code: 0, stderr: '' });
    for (const [i, id] of ids.entries()) {
      expect(await stored(id)).toEqual({ version: 1 + (i % 3), label: `parcel ${i} final` });
    }
  }, 60_000);

  it('rebuilds into the next index while searches run, resumes an interrupted rebuild, and keeps writes made meanwhile', async () => {
    const many = Array.from({ length: 300 }, (_, i) => ({
      _id: `many-${String(i).padStart(3, '0')}`,
      label: `rebuilt parcel ${i}`,
      version: 1,
    }));
    await parcels.insertMany(many);
    const documents = (failAfter?: number) =>
      async function* (afterId: string | null) {
        let n = 0;
        const cursor = parcels.find(afterId ? { _id: { $gt: afterId } } : {}).sort({ _id: 1 });
        for await (const parcel of cursor) {
          if (failAfter !== undefined && n++ >= failAfter) throw new Error('store went away');
          yield projectedParcel(parcel);
        }
      };
    const before = await aliasTargets(client, names.alias);
    // What the live index holds is searchable before the searches start.
    await client.indices.refresh({ index: names.alias });

    // Searches all along the rebuild; none may fail or see an empty index.
    let searching = true;
    const failures: unknown[] = [];
    let searches = 0;
    const searchLoop = (async () => {
      while (searching) {
        try {
          const { body } = await client.count({ index: names.alias });
          if (body.count === 0) failures.push('an empty index answered');
          searches++;
        } catch (error) {
          failures.push(error);
        }
      }
    })();

    await expect(
      rebuildSearchIndex({
        client,
        index: PARCELS_INDEX,
        prefix,
        rebuilds,
        documents: documents(150),
        batchSize: 100,
      }),
    ).rejects.toThrow('store went away');
    expect(await rebuilds.findOne({ _id: names.alias })).toMatchObject({ copied: 100 });
    // A write of the running service while the rebuild is paused reaches the new index too.
    const writer = new SearchWriter(client, names);
    // Its id sorts before where the rebuild stopped, so the rebuild itself never copies it.
    const meanwhile = { _id: 'aa-written-meanwhile', label: 'written meanwhile', version: 4 };
    await parcels.insertOne(meanwhile);
    await writer.write(meanwhile._id, projectedParcel(meanwhile));

    const lines: string[] = [];
    const result = await rebuildSearchIndex({
      client,
      index: PARCELS_INDEX,
      prefix,
      rebuilds,
      documents: documents(),
      total: () => parcels.estimatedDocumentCount(),
      batchSize: 100,
      drainMs: 500,
      log: (line) => lines.push(line),
    });
    searching = false;
    await searchLoop;

    expect(failures).toEqual([]);
    expect(searches).toBeGreaterThan(0);
    expect(result.resumed).toBe(true);
    expect(result.removed).toEqual(before);
    expect(await aliasTargets(client, names.alias)).toEqual([result.index]);
    expect(await aliasTargets(client, names.building)).toEqual([]);
    expect(await rebuilds.findOne({ _id: names.alias })).toBeNull();
    expect(lines.some((line) => /resuming .* after 100 documents/.test(line))).toBe(true);
    expect(lines.some((line) => / of \d+ copied/.test(line))).toBe(true);
    const total = await parcels.countDocuments();
    const { body } = await client.count({ index: names.alias });
    expect(body.count).toBe(total);
    expect(await stored(meanwhile._id)).toEqual({ version: 4, label: 'written meanwhile' });
  }, 60_000);
});
