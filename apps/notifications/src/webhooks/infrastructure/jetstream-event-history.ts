import { Injectable } from '@nestjs/common';
import { type CloudEvent, EVENTS_STREAM, EVENTS_SUBJECT_PREFIX } from '@opencen/contracts';
import { DeliverPolicy } from 'nats';

import { EventHistory } from '../usecases/ports';
import { WebhooksConnection } from './webhooks-connection';

/** How long a replay waits for the next event of the history before it takes what it has (ms). */
const HISTORY_IDLE_MS = 2000;

/**
 * The domain stream's history for a replay: an ordered (ephemeral) consumer filtered on the
 * subscription's types, from a start time, read up to the stream's last event at the time of the
 * request (what comes after is delivered by the live path anyway).
 */
@Injectable()
export class JetStreamEventHistory extends EventHistory {
  constructor(private readonly connection: WebhooksConnection) {
    super();
  }

  async since(types: readonly string[], since: Date, max: number): Promise<CloudEvent[]> {
    const nats = this.connection.nats;
    const jsm = await nats.jetstreamManager();
    const end = (await jsm.streams.info(EVENTS_STREAM)).state.last_seq;
    const consumer = await nats.jetstream().consumers.get(EVENTS_STREAM, {
      filterSubjects: types.map((type) => `${EVENTS_SUBJECT_PREFIX}.${type}`),
      deliver_policy: DeliverPolicy.StartTime,
      opt_start_time: since.toISOString(),
    });
    const events: CloudEvent[] = [];
    const messages = await consumer.consume({ idle_heartbeat: 1000, expires: HISTORY_IDLE_MS });
    const idle = setTimeout(() => void messages.close(), HISTORY_IDLE_MS);
    try {
      for await (const message of messages) {
        if (message.seq > end) break;
        events.push(message.json<CloudEvent>());
        if (events.length >= max || message.seq === end || message.info.pending === 0) break;
        idle.refresh();
      }
    } finally {
      clearTimeout(idle);
      await messages.close();
    }
    return events;
  }
}
