import { randomBytes } from 'node:crypto';
import { EVENTS_STREAM, buildEvent, defineEvent } from '@opencen/contracts';
import { testServiceEnv } from '@opencen/testing';
import mongoose from 'mongoose';
import { type NatsConnection, connect } from 'nats';
import { z } from 'zod';
import {
  EventConsumer,
  HANDLED_EVENTS_COLLECTION,
  type HandledEvent,
  createLogger,
  ensureEventsStream,
  onEvent,
} from '../src';

const aggregate = `kittest${randomBytes(3).toString('hex')}`;
const officeOpened = defineEvent({
  service: 'reference',
  aggregate,
  verb: 'opened',
  version: 1,
  description: 'A test office was opened',
  data: z.object({ code: z.string() }),
});

const encoder = new TextEncoder();

async function waitFor(
  condition: () => Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('idempotent durable consumer', () => {
  const env = testServiceEnv(__filename);
  const connection = mongoose.createConnection(env.MONGO_URL!, { dbName: env.MONGO_DB });
  let nats: NatsConnection;
  let consumer: EventConsumer | undefined;

  beforeAll(async () => {
    await connection.asPromise();
    nats = await connect({ servers: env.NATS_URL });
    await ensureEventsStream(await nats.jetstreamManager());
  });

  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
  });

  afterAll(async () => {
    await nats?.drain();
    await connection.close();
  });

  async function startConsumer(
    durable: string,
    handle: (code: string) => Promise<void>,
  ): Promise<EventConsumer> {
    const started = new EventConsumer(
      nats.jetstream(),
      await nats.jetstreamManager(),
      connection.collection<HandledEvent>(HANDLED_EVENTS_COLLECTION),
      createLogger('reference', 'silent'),
      {
        durable,
        handlers: [onEvent(officeOpened, (event) => handle(event.data.code))],
        ackWaitMs: 5000,
      },
    );
    await started.start();
    return started;
  }

  async function pendingFor(durable: string): Promise<number> {
    const info = await (await nats.jetstreamManager()).consumers.info(EVENTS_STREAM, durable);
    return info.num_pending + info.num_ack_pending;
  }

  it('handles an event delivered twice only once', async () => {
    const durable = `reference-${aggregate}-once`;
    const counts = connection.collection<{ _id: string; n: number }>('office_counts');
    const handled: string[] = [];
    consumer = await startConsumer(durable, async (code) => {
      handled.push(code);
      // A deliberately non-idempotent write: handling twice would show as n = 2.
      await counts.updateOne({ _id: code }, { $inc: { n: 1 } }, { upsert: true });
    });

    const event = buildEvent(officeOpened, {
      subject: 'FRCDG',
      data: { code: 'FRCDG' },
      correlationId: 'c',
      actor: 'test',
    });
    // Two stream messages carrying the same event (no Nats-Msg-Id, so JetStream keeps both).
    const js = nats.jetstream();
    await js.publish(officeOpened.subject, encoder.encode(JSON.stringify(event)));
    await js.publish(officeOpened.subject, encoder.encode(JSON.stringify(event)));

    await waitFor(
      async () => (await pendingFor(durable)) === 0 && handled.length > 0,
      'both deliveries to be acknowledged',
    );
    expect(handled).toEqual(['FRCDG']);
    expect(await counts.findOne({ _id: 'FRCDG' })).toEqual({ _id: 'FRCDG', n: 1 });
    expect(
      await connection
        .collection<HandledEvent>(HANDLED_EVENTS_COLLECTION)
        .findOne({ _id: `${durable}:${event.id}` }),
    ).toMatchObject({
      type: officeOpened.type,
    });
  });

  it('does not acknowledge a failed handling, and handles the redelivery', async () => {
    const durable = `reference-${aggregate}-retry`;
    let attempts = 0;
    const handled: string[] = [];
    consumer = await startConsumer(durable, async (code) => {
      attempts++;
      if (attempts === 1) throw new Error('database briefly unavailable');
      handled.push(code);
    });
    // The consumer starts at the beginning of the stream, so it also sees the previous test's event.
    const event = buildEvent(officeOpened, {
      subject: 'BEBRU',
      data: { code: 'BEBRU' },
      correlationId: 'c',
      actor: 'test',
    });
    await nats
      .jetstream()
      .publish(officeOpened.subject, encoder.encode(JSON.stringify(event)), { msgID: event.id });

    await waitFor(
      async () => handled.includes('BEBRU') && (await pendingFor(durable)) === 0,
      'the redelivered event to be handled',
    );
    expect(handled.filter((code) => code === 'BEBRU')).toHaveLength(1);
    expect(attempts).toBe(handled.length + 1);
  });

  it('terminates an unreadable message instead of redelivering it forever', async () => {
    const durable = `reference-${aggregate}-poison`;
    const handled: string[] = [];
    consumer = await startConsumer(durable, async (code) => {
      handled.push(code);
    });
    await nats.jetstream().publish(officeOpened.subject, encoder.encode('{"not":"an event"'));
    await waitFor(async () => (await pendingFor(durable)) === 0, 'the stream to be consumed');
    const info = await (await nats.jetstreamManager()).consumers.info(EVENTS_STREAM, durable);
    expect(info.num_redelivered).toBe(0);
    expect(handled.sort()).toEqual(['BEBRU', 'FRCDG']);
  });
});
