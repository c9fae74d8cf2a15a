import { type mongo } from 'mongoose';
import { type JetStreamClient } from 'nats';
import { type Logger } from 'pino';
import { documentWriteLock } from '../mongo/document-write-lock';
import {
  OUTBOX_FIELD,
  type OutboxCollection,
  type OutboxEntry,
  PENDING_EVENTS_FILTER,
} from './outbox';

export interface OutboxRelayOptions {
  /** How often to look for events left behind (by a crash, or by another replica that stopped). */
  pollIntervalMs: number;
  /** Aggregates taken per collection and pass. */
  batchSize: number;
  /** Called after each event is acknowledged by JetStream and before it is cleared. */
  afterPublish?: (entry: OutboxEntry) => void | Promise<void>;
}

export const DEFAULT_OUTBOX_RELAY_OPTIONS: OutboxRelayOptions = {
  pollIntervalMs: 1000,
  batchSize: 100,
};

const encoder = new TextEncoder();

/**
 * Publishes the events that aggregates keep in their outbox, then clears them.
 *
 * Each event is published with `Nats-Msg-Id` = event id and cleared only after JetStream has
 * acknowledged it; if the process dies in between, the event is published again later and
 * JetStream drops the copy inside its duplicate window. So an event is never lost, and a
 * subscriber sees it once. Replicas may run relays side by side for the same reason.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<number> | undefined;
  private queued: Promise<number> | undefined;
  private stopped = true;

  constructor(
    private readonly js: JetStreamClient,
    private readonly collections: readonly OutboxCollection[],
    private readonly logger: Logger,
    private readonly options: OutboxRelayOptions = DEFAULT_OUTBOX_RELAY_OPTIONS,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.options.pollIntervalMs);
    this.kick();
  }

  /** Asks for a pass now, e.g. right after a write; passes never overlap. */
  kick(): void {
    if (this.stopped) return;
    void this.flush().catch((error: unknown) =>
      this.logger.warn(
        { err: error },
        'Outbox relay pass failed; pending events stay stored and are retried',
      ),
    );
  }

  /**
   * Publishes everything pending now; resolves with how many events this pass published. Passes
   * never overlap: asked during a pass, it runs one more pass after it (shared by all who ask).
   */
  flush(): Promise<number> {
    if (this.queued) return this.queued;
    if (!this.current) {
      this.current = this.publishPending().finally(() => (this.current = undefined));
      return this.current;
    }
    this.queued = this.current
      .catch(() => 0)
      .then(() => {
        this.queued = undefined;
        return this.flush();
      });
    return this.queued;
  }

  /** Stops polling after a last pass; what is still pending is published by the next start. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    try {
      await this.flush();
    } catch (error) {
      this.logger.warn(
        { err: error },
        'Last outbox pass at shutdown failed; pending events stay stored',
      );
    }
  }

  private async publishPending(): Promise<number> {
    let published = 0;
    for (const collection of this.collections) {
      const aggregates = await collection
        .find(PENDING_EVENTS_FILTER, { projection: { [OUTBOX_FIELD]: 1 } })
        .limit(this.options.batchSize)
        .toArray();
      for (const aggregate of aggregates) {
        const entries = (aggregate[OUTBOX_FIELD] ?? []) as OutboxEntry[];
        for (const entry of entries) {
          await this.js.publish(entry.subject, encoder.encode(entry.payload), { msgID: entry.id });
          await this.options.afterPublish?.(entry);
        }
        // $pullAll with the entries exactly as read: FerretDB ignores $pull with a condition.
        const clear = {
          $pullAll: { [OUTBOX_FIELD]: entries },
        } as unknown as mongo.UpdateFilter<mongo.Document>;
        await documentWriteLock.run(collection.collectionName, aggregate._id, () =>
          collection.updateOne({ _id: aggregate._id }, clear),
        );
        published += entries.length;
      }
    }
    return published;
  }
}
