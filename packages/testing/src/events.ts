import { randomBytes } from 'node:crypto';
import { type CloudEvent, EVENTS_STREAM } from '@opencen/contracts';
import { AckPolicy, DeliverPolicy, type NatsConnection } from 'nats';

/**
 * Every event stored in the domain-event stream under `filterSubject` (e.g.
 * `events.persons.person.>`), oldest first, read through a short-lived consumer of its own. Other
 * test files and earlier runs publish to the same stream, so callers keep only their own events
 * (by aggregate id or code).
 */
export async function storedEvents<T = CloudEvent<unknown>>(
  nats: NatsConnection,
  filterSubject: string,
): Promise<T[]> {
  const jsm = await nats.jetstreamManager();
  const durable = `test-reader-${randomBytes(4).toString('hex')}`;
  await jsm.consumers.add(EVENTS_STREAM, {
    durable_name: durable,
    ack_policy: AckPolicy.None,
    deliver_policy: DeliverPolicy.All,
    filter_subject: filterSubject,
  });
  try {
    const consumer = await nats.jetstream().consumers.get(EVENTS_STREAM, durable);
    const { num_pending: inStream } = await consumer.info();
    const events: T[] = [];
    while (events.length < inStream) {
      const batch = await consumer.fetch({
        max_messages: Math.min(inStream - events.length, 1000),
        expires: 5000,
      });
      let received = 0;
      for await (const message of batch) {
        received++;
        events.push(message.json<T>());
      }
      if (received === 0) break;
    }
    return events;
  } finally {
    await jsm.consumers.delete(EVENTS_STREAM, durable);
  }
}
