import { type JsMsg } from 'nats';

/**
 * Handles the messages of a pull consumer as they come, up to `parallel` at once (1: in stream
 * order), until the consumer stops; then waits for those in hand. Shared by the event consumers and
 * the work queues, which differ only in what they do with one message.
 */
export async function handleMessages(
  messages: AsyncIterable<JsMsg>,
  parallel: number,
  handle: (message: JsMsg) => Promise<void>,
): Promise<void> {
  const limit = Math.max(1, parallel);
  const inFlight = new Set<Promise<void>>();
  for await (const message of messages) {
    const handling: Promise<void> = handle(message).finally(() => inFlight.delete(handling));
    inFlight.add(handling);
    if (inFlight.size >= limit) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
}
