import { EVENTS_STREAM } from '@opencen/contracts';
import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  type NatsConnection,
  connect,
} from 'nats';
import { type EventsByWrite, writeKey } from './ledger';

interface Seen {
  type: string;
  caseId: string;
  /** The case version it carries; `subjects-linked` carries none. */
  version?: number;
  /** The time of the change: every event of one write has the case's `updatedAt`. */
  time: string;
}

/**
 * The external subscriber of the fault scenarios: a durable JetStream consumer (its state on the
 * server's file storage, so it outlives a restart of nats-server) of every case event, counting
 * them per write (`caseId@version`) and type by stream sequence. A redelivery of a message already
 * seen (its acknowledgement lost in a fault) has the same sequence and counts once; a second event
 * for the same write has another and is a double.
 */
export class EventCounter {
  /** Every event, by stream sequence. */
  private readonly seen = new Map<number, Seen>();
  /** Events delivered more than once (redeliveries), for the record. */
  redeliveries = 0;
  private connection: NatsConnection | undefined;
  private messages: ConsumerMessages | undefined;
  private stopped = false;
  private reading: Promise<void> | undefined;

  constructor(
    private readonly natsUrl: string,
    private readonly durable = 'faults-event-counter',
  ) {}

  async start(): Promise<void> {
    // Reconnects for as long as it takes: nats-server is restarted by a scenario.
    this.connection = await connect({
      servers: this.natsUrl,
      name: this.durable,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    });
    const jsm = await this.connection.jetstreamManager();
    await jsm.consumers.add(EVENTS_STREAM, {
      durable_name: this.durable,
      filter_subject: 'events.cases.case.>',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: 10_000_000_000, // 10 s, in nanoseconds
    });
    this.reading = this.read();
  }

  /** Reads until stopped, consuming again whenever the message iterator ends (a reconnect). */
  private async read(): Promise<void> {
    while (!this.stopped) {
      try {
        const consumer = await this.connection!.jetstream().consumers.get(
          EVENTS_STREAM,
          this.durable,
        );
        this.messages = await consumer.consume({ max_messages: 256 });
        for await (const message of this.messages) {
          const event = message.json<{
            type: string;
            time: string;
            data: { caseId: string; version?: number };
          }>();
          if (this.seen.has(message.seq)) this.redeliveries += 1;
          this.seen.set(message.seq, {
            type: event.type,
            caseId: event.data.caseId,
            version: event.data.version,
            time: event.time,
          });
          message.ack();
        }
      } catch {
        // nats-server away: try again shortly.
      }
      if (!this.stopped) await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /**
   * The events of `caseIds`, and of every case not in `knownCases` (events of no write), per write
   * and type. An event without a version belongs to the write of its case with the same time.
   */
  eventsOf(caseIds: ReadonlySet<string>, knownCases: ReadonlySet<string>): EventsByWrite {
    const versionAt = new Map<string, number>();
    for (const event of this.seen.values()) {
      if (event.version !== undefined)
        versionAt.set(`${event.caseId} ${event.time}`, event.version);
    }
    const selected = new Map<string, Map<string, Set<number>>>();
    for (const [sequence, event] of this.seen) {
      if (!caseIds.has(event.caseId) && knownCases.has(event.caseId)) continue;
      const version = event.version ?? versionAt.get(`${event.caseId} ${event.time}`);
      const key = version === undefined ? `${event.caseId}@?` : writeKey(event.caseId, version);
      const byType = selected.get(key) ?? new Map<string, Set<number>>();
      const sequences = byType.get(event.type) ?? new Set<number>();
      sequences.add(sequence);
      byType.set(event.type, sequences);
      selected.set(key, byType);
    }
    return selected;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.messages?.close();
    await this.reading;
    await this.connection?.close();
  }
}
