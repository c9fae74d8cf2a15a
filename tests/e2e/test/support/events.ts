import { type CloudEvent, EVENTS_STREAM } from '@opencen/contracts';
import { type ConsumerMessages, DeliverPolicy, type NatsConnection } from 'nats';

export interface ReceivedEvent<T> {
  subject: string;
  seq: number;
  event: CloudEvent<T>;
}

/**
 * Listens to the domain events under `filterSubject` from now on, with an ordered JetStream
 * consumer, and keeps those that `keep` accepts: other test files publish to the same stream.
 */
export async function listenForEvents<T>(
  nats: NatsConnection,
  filterSubject: string,
  keep: (event: CloudEvent<T>) => boolean,
) {
  const consumer = await nats.jetstream().consumers.get(EVENTS_STREAM, {
    filterSubjects: [filterSubject],
    deliver_policy: DeliverPolicy.New,
  });
  const messages: ConsumerMessages = await consumer.consume();
  const received: ReceivedEvent<T>[] = [];
  const waiters: (() => void)[] = [];
  void (async () => {
    for await (const message of messages) {
      const event = message.json<CloudEvent<T>>();
      if (keep(event)) {
        received.push({ subject: message.subject, seq: message.seq, event });
        waiters.splice(0).forEach((wake) => wake());
      }
    }
  })();
  return {
    received,
    /** Waits until `count` events are kept, or the time is up; returns what was kept. */
    async until(count: number, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count && Date.now() < deadline) {
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 250);
        });
      }
      return received;
    },
    stop: () => messages.close(),
  };
}
