import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Writable } from 'node:stream';
import { buildEvent, defineEvent } from '@opencen/contracts';
import { storedEvents, testServiceEnv } from '@opencen/testing';
import mongoose, { Schema, type mongo } from 'mongoose';
import { type NatsConnection, connect } from 'nats';
import pino from 'pino';
import { z } from 'zod';
import {
  OUTBOX_PENDING_COLLECTION,
  OUTBOX_REPLICAS_COLLECTION,
  OutboxRelay,
  type OutboxRelayOptions,
  PENDING_EVENTS_FILTER,
  createLogger,
  ensureEventsStream,
  toOutboxEntries,
  updateVersioned,
  withEvents,
  withOutbox,
} from '../src';

const aggregate = `kittest${randomBytes(3).toString('hex')}`;
const seizureRecorded = defineEvent({
  service: 'cases',
  aggregate,
  verb: 'recorded',
  version: 1,
  description: 'A test aggregate was recorded',
  data: z.object({ label: z.string() }),
});
const seizureAmended = defineEvent({
  service: 'cases',
  aggregate,
  verb: 'amended',
  version: 1,
  description: 'A test aggregate was amended',
  data: z.object({ label: z.string() }),
});

interface Seizure {
  _id: string;
  label: string;
  version: number;
}
const seizureSchema = new Schema<Seizure>({ _id: String, label: String, version: Number });
withOutbox(seizureSchema);

function runRelayProcess(
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(__dirname, 'fixtures/outbox-relay-process.js')],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('outbox relay', () => {
  const env = testServiceEnv(__filename);
  const connection = mongoose.createConnection(env.MONGO_URL!, { dbName: env.MONGO_DB });
  const Seizures = connection.model<Seizure>('Seizure', seizureSchema, 'seizures');
  const Markers = connection.collection(OUTBOX_PENDING_COLLECTION);

  const Replicas = connection.collection(OUTBOX_REPLICAS_COLLECTION);

  /** A relay over the seizures (given through `seizures`), beating and recovering once a minute. */
  function relayOn(
    seizures: mongo.Collection,
    options: Partial<OutboxRelayOptions> = {},
    logger = createLogger('cases', 'silent'),
  ): OutboxRelay {
    return new OutboxRelay(
      nats.jetstream(),
      [seizures as never],
      connection.collection(OUTBOX_PENDING_COLLECTION) as never,
      Replicas as never,
      logger,
      { heartbeatMs: 60_000, markerGraceMs: 60_000, ...options },
    );
  }
  let nats: NatsConnection;

  beforeAll(async () => {
    await connection.asPromise();
    await Seizures.init();
    nats = await connect({ servers: env.NATS_URL });
    await ensureEventsStream(await nats.jetstreamManager());
  });

  afterAll(async () => {
    await nats?.drain();
    await connection.close();
  });

  async function eventIdsInStream(): Promise<string[]> {
    const events = await storedEvents<{ id: string }>(nats, `events.cases.${aggregate}.>`);
    return events.map((event) => event.id);
  }

  it('stores a change and its event in one write, and publishes each event once despite a crash between publish and clear', async () => {
    const context = { correlationId: 'corr-outbox', actor: 'test' };
    const created = ['s1', 's2', 's3'].map((id) => ({
      id,
      event: buildEvent(seizureRecorded, {
        subject: id,
        data: { label: `seizure ${id}` },
        ...context,
      }),
    }));
    // The writer's process stores through its relay and dies before that relay runs: its
    // markers stay behind.
    const writer = relayOn(Seizures.collection);
    for (const { id, event } of created) {
      await writer.store('seizures', id, () =>
        Seizures.create({
          _id: id,
          label: `seizure ${id}`,
          version: 1,
          outbox: toOutboxEntries([event]),
        }),
      );
    }
    const amended = buildEvent(seizureAmended, {
      subject: 's1',
      data: { label: 'amended' },
      ...context,
    });
    await writer.store('seizures', 's1', () =>
      Seizures.updateOne(
        { _id: 's1' },
        withEvents<Seizure>({ $set: { label: 'amended' }, $inc: { version: 1 } }, [amended]),
      ),
    );
    expect(await Markers.countDocuments({})).toBe(3);

    // The change and its event were stored together.
    const s1 = await Seizures.collection.findOne({ _id: 's1' as never });
    expect(s1).toMatchObject({ label: 'amended', version: 2 });
    expect((s1?.outbox as { id: string }[]).map((entry) => entry.id)).toEqual([
      created[0]!.event.id,
      amended.id,
    ]);
    const allIds = [...created.map(({ event }) => event.id), amended.id].sort();

    const relayEnv = {
      NATS_URL: env.NATS_URL,
      MONGO_URL: env.MONGO_URL,
      MONGO_DB: env.MONGO_DB,
      COLLECTION: 'seizures',
    };
    const crashed = await runRelayProcess({ ...relayEnv, CRASH_AFTER_PUBLISH: '1' });
    expect(crashed.signal).toBe('SIGKILL');
    // Killed after the first publish and before any clear: JetStream has it, the outbox still holds all.
    expect(await eventIdsInStream()).toHaveLength(1);
    expect(await Seizures.countDocuments(PENDING_EVENTS_FILTER)).toBe(3);

    const restarted = await runRelayProcess(relayEnv);
    expect(restarted).toMatchObject({ code: 0 });
    expect(JSON.parse(restarted.stdout)).toEqual({ published: 4 });
    expect(await Seizures.countDocuments(PENDING_EVENTS_FILTER)).toBe(0);
    expect(await Markers.countDocuments({})).toBe(0);

    const seen = await eventIdsInStream();
    expect(seen.sort()).toEqual(allIds);
  });

  it('keeps every change written while the relay clears published events', async () => {
    const context = { correlationId: 'corr-race', actor: 'test' };
    const id = 'race';
    const first = buildEvent(seizureRecorded, { subject: id, data: { label: 'v1' }, ...context });
    const relay = relayOn(Seizures.collection);
    await relay.store('seizures', id, () =>
      Seizures.create({ _id: id, label: 'v1', version: 1, outbox: toOutboxEntries([first]) }),
    );
    relay.start();
    const eventIds = [first.id];
    try {
      // Each change lands while the relay is publishing or clearing the previous one.
      for (let version = 1; version <= 30; version++) {
        const event = buildEvent(seizureAmended, {
          subject: id,
          data: { label: `v${version + 1}` },
          ...context,
        });
        eventIds.push(event.id);
        await relay.store('seizures', id, () =>
          updateVersioned(Seizures, id, version, { $set: { label: `v${version + 1}` } }, [event]),
        );
      }
    } finally {
      await relay.stop();
    }
    expect(await Seizures.findById(id).lean()).toMatchObject({
      label: 'v31',
      version: 31,
      outbox: [],
    });
    const seen = (await eventIdsInStream()).filter((eventId) => eventIds.includes(eventId));
    expect(seen.sort()).toEqual([...eventIds].sort());
  });

  it('keeps every one of concurrent writes to one document, since storing events takes its write lock', async () => {
    const context = { correlationId: 'corr-locked', actor: 'test' };
    const id = 'locked';
    const relay = relayOn(Seizures.collection);
    await Seizures.create({ _id: id, label: 'v0', version: 0 });
    const events = Array.from({ length: 20 }, (_, i) =>
      buildEvent(seizureAmended, { subject: id, data: { label: `change ${i}` }, ...context }),
    );
    relay.start();
    try {
      // FerretDB applies an update by reading and rewriting the document: unserialized, most of
      // these would overwrite each other.
      await Promise.all(
        events.map((event) =>
          relay.store('seizures', id, () =>
            Seizures.updateOne({ _id: id }, withEvents<Seizure>({ $inc: { version: 1 } }, [event])),
          ),
        ),
      );
    } finally {
      await relay.stop();
    }
    expect(await Seizures.findById(id).lean()).toMatchObject({ version: 20, outbox: [] });
    const ids = events.map((event) => event.id);
    const seen = (await eventIdsInStream()).filter((eventId) => ids.includes(eventId));
    expect(seen.sort()).toEqual([...ids].sort());
  });

  it('publishes an announced document at once and reads nothing while idle', async () => {
    const context = { correlationId: 'corr-announce', actor: 'test' };
    const id = `announced-${randomBytes(3).toString('hex')}`;
    const recorded = buildEvent(seizureRecorded, {
      subject: id,
      data: { label: 'v1' },
      ...context,
    });
    // Commands this test's relay sends, seen through the driver's command monitoring.
    const monitored = mongoose.createConnection(env.MONGO_URL!, {
      dbName: env.MONGO_DB,
      monitorCommands: true,
    });
    await monitored.asPromise();
    const commands: { name: string; collection: string; filter: unknown }[] = [];
    monitored.getClient().on('commandStarted', (event) => {
      const command = event.command as {
        filter?: unknown;
        updates?: { q: unknown }[];
        find?: string;
        update?: string;
      };
      if (['find', 'update'].includes(event.commandName)) {
        commands.push({
          name: event.commandName,
          collection: command[event.commandName as 'find'] as unknown as string,
          filter: command.filter ?? command.updates?.[0]?.q,
        });
      }
    });
    // A recovery pass only every minute: what reaches the stream here was announced.
    const relay = relayOn(monitored.collection('seizures'));
    relay.start();
    try {
      await relay.flush(); // the start's recovery pass, over what earlier tests left
      commands.length = 0;
      await relay.store('seizures', id, () =>
        Seizures.create({ _id: id, label: 'v1', version: 1, outbox: toOutboxEntries([recorded]) }),
      );
      const deadline = Date.now() + 10_000;
      while (!(await eventIdsInStream()).includes(recorded.id) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await eventIdsInStream()).toContain(recorded.id);
      await relay.flush();
      // One read and one clear of that document by _id (the flush's recovery pass reads only the
      // markers); its marker written before, and removed after, by key.
      const byKey = commands.filter(
        (c) => JSON.stringify(c.filter) === JSON.stringify({ _id: id }),
      );
      expect(byKey.map((c) => c.name)).toEqual(['find', 'update']);
      expect(await Markers.countDocuments({ documentId: id })).toBe(0);
      expect(commands.filter((c) => c.collection === 'seizures').length).toBe(2);

      commands.length = 0;
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(commands).toEqual([]); // idle: no polling
      expect(() => relay.announce('unknown', id)).toThrow(/not an outbox collection/);
    } finally {
      await relay.stop();
      await monitored.close();
    }
    expect(await Seizures.findById(id).lean()).toMatchObject({ outbox: [] });
  });

  it('publishes the events of an insert from its marker without reading or rewriting the document, and after a crash only those of the insert stored', async () => {
    const context = { correlationId: 'corr-insert', actor: 'test' };
    const suffix = randomBytes(3).toString('hex');
    const event = (id: string, label: string) =>
      buildEvent(seizureRecorded, { subject: id, data: { label }, ...context });
    const insertInto =
      (seizures: mongo.Collection) => (document: { _id: unknown } & Record<string, unknown>) =>
        seizures.insertOne(document as never);

    // A writer that dies before its relay runs: one insert stored, one refused (same id).
    const crashedId = `crashed-${suffix}`;
    const stored = event(crashedId, 'stored');
    const refused = event(crashedId, 'refused');
    const writer = relayOn(Seizures.collection);
    const seizures = Seizures.collection as unknown as mongo.Collection;
    await writer.insert(
      'seizures',
      { _id: crashedId, label: 'stored', version: 1 },
      toOutboxEntries([stored]),
      insertInto(seizures),
    );
    await expect(
      writer.insert(
        'seizures',
        { _id: crashedId, label: 'refused', version: 1 },
        toOutboxEntries([refused]),
        insertInto(seizures),
      ),
    ).rejects.toThrow(/duplicate key/i);
    expect(await Markers.countDocuments({ documentId: crashedId })).toBe(2);
    const document = await Seizures.collection.findOne({ _id: crashedId as never });
    expect(document).toMatchObject({ label: 'stored' });
    expect(document?.outbox).toBeUndefined();

    // Another replica's recovery publishes the events of the insert stored, and only those.
    const recovered = await runRelayProcess({
      NATS_URL: env.NATS_URL,
      MONGO_URL: env.MONGO_URL,
      MONGO_DB: env.MONGO_DB,
      COLLECTION: 'seizures',
    });
    expect(recovered).toMatchObject({ code: 0 });
    expect(JSON.parse(recovered.stdout)).toEqual({ published: 1 });
    const seen = await eventIdsInStream();
    expect(seen).toContain(stored.id);
    expect(seen).not.toContain(refused.id);
    expect(await Markers.countDocuments({ documentId: crashedId })).toBe(0);

    // A live relay publishes an insert's events at once: the insert is the only command on the
    // document, and its marker is written before and removed after.
    const monitored = mongoose.createConnection(env.MONGO_URL!, {
      dbName: env.MONGO_DB,
      monitorCommands: true,
    });
    await monitored.asPromise();
    const onSeizures: string[] = [];
    monitored.getClient().on('commandStarted', (started) => {
      if (started.command[started.commandName] === 'seizures') onSeizures.push(started.commandName);
    });
    const relay = relayOn(monitored.collection('seizures'));
    relay.start();
    const liveId = `live-${suffix}`;
    const live = event(liveId, 'live');
    try {
      await relay.flush();
      onSeizures.length = 0;
      await relay.insert(
        'seizures',
        { _id: liveId, label: 'live', version: 1 },
        toOutboxEntries([live]),
        insertInto(monitored.collection('seizures')),
      );
      const deadline = Date.now() + 10_000;
      while (!(await eventIdsInStream()).includes(live.id) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await eventIdsInStream()).toContain(live.id);
      await relay.flush();
      expect(onSeizures).toEqual(['insert']);
      expect(await Markers.countDocuments({ documentId: liveId })).toBe(0);
    } finally {
      await relay.stop();
      await monitored.close();
    }
  });

  it('publishes the events of a replica killed after its writes as soon as its heartbeat is stale, each once', async () => {
    const context = { correlationId: 'corr-heartbeat', actor: 'test' };
    const id = `killed-${randomBytes(3).toString('hex')}`;
    const recorded = buildEvent(seizureRecorded, {
      subject: id,
      data: { label: 'v1' },
      ...context,
    });
    const amended = [1, 2].map((n) =>
      buildEvent(seizureAmended, { subject: id, data: { label: `v${n + 1}` }, ...context }),
    );
    const eventIds = [recorded.id, ...amended.map((event) => event.id)];
    // What the surviving relay logs, to tell which rule took the markers over.
    const lines: { msg?: string; markers?: Record<string, number> }[] = [];
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
          done();
        },
      }),
    );
    // A grace of an hour: only the heartbeat can make the survivor take the markers over here.
    const [survivorBeatMs, killedBeatMs] = [300, 1000];
    const survivor = relayOn(
      Seizures.collection,
      { heartbeatMs: survivorBeatMs, markerGraceMs: 3_600_000 },
      logger,
    );
    survivor.start();
    try {
      // Another replica inserts the document, then amends it twice, and is killed (kill -9) before
      // its relay publishes anything: its markers stay, its heartbeat is fresh and never renewed.
      const writes = [
        { id, insert: true, entries: toOutboxEntries([recorded]) },
        ...amended.map((event) => ({ id, insert: false, entries: toOutboxEntries([event]) })),
      ];
      const killed = await runRelayProcess({
        NATS_URL: env.NATS_URL,
        MONGO_URL: env.MONGO_URL,
        MONGO_DB: env.MONGO_DB,
        COLLECTION: 'seizures',
        HEARTBEAT_MS: String(killedBeatMs),
        WRITES: JSON.stringify(writes),
      });
      expect(killed.signal).toBe('SIGKILL');

      // Within a few beats (an hour before the marker-age rule would apply), each event once.
      const deadline = Date.now() + 30_000;
      const mine = async () => (await eventIdsInStream()).filter((e) => eventIds.includes(e));
      while ((await mine()).length < eventIds.length && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect((await mine()).sort()).toEqual([...eventIds].sort());
      // Taken over as a crashed replica's (its heartbeat stale, or already forgotten as stale by
      // an earlier pass if its writes outlasted three beats), never by the marker-age rule.
      const reasons = lines
        .filter((line) => line.msg === 'Outbox recovery took over pending markers')
        .flatMap((line) => Object.keys(line.markers ?? {}));
      expect(reasons).toContain('heartbeat-stale');
      expect(reasons).not.toContain('marker-old');
      expect(await Markers.countDocuments({ documentId: id })).toBe(0);
      expect(await Seizures.findById(id).lean()).toMatchObject({ outbox: [] });
      // The killed replica's heartbeat was forgotten as stale.
      expect(await Replicas.countDocuments({ heartbeatMs: killedBeatMs })).toBe(0);
    } finally {
      await survivor.stop();
    }
    // A graceful stop removes its heartbeat.
    expect(await Replicas.countDocuments({ heartbeatMs: survivorBeatMs })).toBe(0);
  });

  it('takes over at once the markers of a replica that stopped without publishing them', async () => {
    const context = { correlationId: 'corr-stopped', actor: 'test' };
    const id = `stopped-${randomBytes(3).toString('hex')}`;
    const recorded = buildEvent(seizureRecorded, {
      subject: id,
      data: { label: 'v1' },
      ...context,
    });
    // A replica whose relay writes and stops (a graceful shutdown whose last pass failed): a
    // JetStream that refuses every publication keeps its marker in place.
    const refusing = new OutboxRelay(
      { publish: () => Promise.reject(new Error('JetStream is unavailable')) } as never,
      [Seizures.collection as never],
      Markers as never,
      Replicas as never,
      createLogger('cases', 'silent'),
      { heartbeatMs: 60_000, markerGraceMs: 3_600_000 },
    );
    refusing.start();
    await refusing.insert(
      'seizures',
      { _id: id, label: 'v1', version: 1 },
      toOutboxEntries([recorded]),
      (document) => Seizures.collection.insertOne(document as never),
    );
    await refusing.stop();
    expect(await Markers.countDocuments({ documentId: id })).toBe(1);

    // Its heartbeat is gone: a replica that lives and beats every minute takes the marker over at
    // its first pass, an hour before the marker-age rule.
    const survivor = relayOn(Seizures.collection, { markerGraceMs: 3_600_000 });
    survivor.start();
    try {
      const deadline = Date.now() + 30_000;
      while (!(await eventIdsInStream()).includes(recorded.id) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect((await eventIdsInStream()).filter((e) => e === recorded.id)).toEqual([recorded.id]);
    } finally {
      await survivor.stop();
    }
    expect(await Markers.countDocuments({ documentId: id })).toBe(0);
  });
});
