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
  /**
   * How often the recovery pass looks for events that no writer announced: left by a crash
   * between a write and its publication, or by a replica that died. It reads the collections
   * rather than one document by key, so it runs at start and then rarely.
   */
  recoveryIntervalMs: number;
  /** Aggregates taken per collection and recovery query. */
  batchSize: number;
  /** Called after each event is acknowledged by JetStream and before it is cleared. */
  afterPublish?: (entry: OutboxEntry) => void | Promise<void>;
}

export const DEFAULT_OUTBOX_RELAY_OPTIONS: OutboxRelayOptions = {
  recoveryIntervalMs: 5 * 60_000,
  batchSize: 100,
};

/** The longest wait before announced documents are tried again after a failed publication. */
const MAX_RETRY_DELAY_MS = 30_000;

const encoder = new TextEncoder();

/**
 * Publishes the events that aggregates keep in their outbox, then clears them.
 *
 * A writer announces the document it just gave events ({@link announce}); the relay reads that
 * document by `_id`, publishes its pending events in order and clears them, so an event is on the
 * stream moments after its change was stored, and an idle service reads nothing. A recovery pass
 * at start and every `recoveryIntervalMs` finds what no one announced (a crash after the write).
 *
 * Each event is published with `Nats-Msg-Id` = event id and cleared only after JetStream has
 * acknowledged it; if the process dies in between, the event is published again later and
 * JetStream drops the copy inside its duplicate window. So an event is never lost, and a
 * subscriber sees it once. Replicas may run relays side by side for the same reason.
 */
export class OutboxRelay {
  private readonly byName: Map<string, OutboxCollection>;
  /** Announced documents not yet read: `collection\0id` → where to read. */
  private readonly announced = new Map<string, { collection: OutboxCollection; id: unknown }>();
  private currentPass: Promise<number> | undefined;
  private queuedPass: Promise<number> | undefined;
  private recoveryTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelayMs = 0;
  private stopped = true;

  constructor(
    private readonly js: JetStreamClient,
    collections: readonly OutboxCollection[],
    private readonly logger: Logger,
    private readonly options: OutboxRelayOptions = DEFAULT_OUTBOX_RELAY_OPTIONS,
  ) {
    this.byName = new Map(collections.map((collection) => [collection.collectionName, collection]));
  }

  /** Starts with a recovery pass, then repeats it every `recoveryIntervalMs`. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.recoveryTimer = setInterval(
      () => this.recoverInBackground(),
      this.options.recoveryIntervalMs,
    );
    this.recoveryTimer.unref();
    this.recoverInBackground();
    if (this.announced.size > 0) this.drainInBackground();
  }

  /**
   * The writer of `id` in `collectionName` just stored pending events in it: publish them now.
   * Announcements of one document coalesce; one made while it is being published reads it again.
   */
  announce(collectionName: string, id: unknown): void {
    const collection = this.byName.get(collectionName);
    if (!collection) {
      throw new Error(
        `Outbox relay: ${collectionName} is not an outbox collection; add it to outboxCollections`,
      );
    }
    this.announced.set(`${collectionName}\u0000${String(id)}`, { collection, id });
    if (!this.stopped && this.retryDelayMs === 0) this.drainInBackground();
  }

  /**
   * Publishes every announced document, then everything a recovery pass finds; resolves with how
   * many events were published. For tools and tests, and for a last pass by hand.
   */
  async flush(): Promise<number> {
    const announced = await this.drain();
    return announced + (await this.recover());
  }

  /**
   * Stops after publishing what was announced; what is still pending stays stored and is found
   * by the next start's recovery pass (here or in another replica).
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.recoveryTimer);
    clearTimeout(this.retryTimer);
    this.retryDelayMs = 0;
    try {
      await this.drain();
    } catch (error) {
      this.logger.warn(
        { err: error },
        'Last outbox pass at shutdown failed; pending events stay stored',
      );
    }
  }

  private drainInBackground(): void {
    void this.drain().catch((error: unknown) => {
      this.retryDelayMs = Math.min(MAX_RETRY_DELAY_MS, Math.max(500, this.retryDelayMs * 2));
      this.logger.warn(
        { err: error, retryInMs: this.retryDelayMs },
        'Outbox relay could not publish; pending events stay stored and are retried',
      );
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        if (!this.stopped) this.drainInBackground();
      }, this.retryDelayMs);
      this.retryTimer.unref();
    });
  }

  /**
   * A pass over the announced documents; passes never overlap. Asked during a pass, it runs one
   * more pass after it (shared by all who ask), so nothing announced meanwhile waits.
   */
  private drain(): Promise<number> {
    if (this.queuedPass) return this.queuedPass;
    if (!this.currentPass) {
      this.currentPass = this.publishAnnounced().finally(() => (this.currentPass = undefined));
      return this.currentPass;
    }
    this.queuedPass = this.currentPass
      .catch(() => 0)
      .then(() => {
        this.queuedPass = undefined;
        return this.drain();
      });
    return this.queuedPass;
  }

  /** Publishes announced documents one after another until none is left. */
  private async publishAnnounced(): Promise<number> {
    let published = 0;
    for (const [key, target] of this.announced) {
      // Taken out before the read: an announcement made from here on reads the document again.
      this.announced.delete(key);
      try {
        published += await this.publishDocument(target.collection, target.id);
      } catch (error) {
        if (!this.announced.has(key)) this.announced.set(key, target);
        throw error;
      }
    }
    this.retryDelayMs = 0;
    return published;
  }

  private recoverInBackground(): void {
    void this.recover().catch((error: unknown) =>
      this.logger.warn(
        { err: error },
        'Outbox recovery pass failed; pending events stay stored and the next pass retries',
      ),
    );
  }

  /**
   * Finds documents with pending events in every outbox collection and publishes them, a batch at
   * a time, until a batch finds nothing more it can publish.
   */
  private async recover(): Promise<number> {
    let published = 0;
    for (const collection of this.byName.values()) {
      for (;;) {
        const pending = await collection
          .find(PENDING_EVENTS_FILTER, { projection: { _id: 1 } })
          .limit(this.options.batchSize)
          .toArray();
        for (const { _id } of pending)
          this.announced.set(`${collection.collectionName}\u0000${String(_id)}`, {
            collection,
            id: _id,
          });
        const batch = await this.drain();
        published += batch;
        if (pending.length < this.options.batchSize || batch === 0) break;
      }
    }
    if (published > 0) this.logger.info({ published }, 'Outbox recovery published pending events');
    return published;
  }

  /** Publishes the pending events of one document, read by `_id`, in order, then clears them. */
  private async publishDocument(collection: OutboxCollection, id: unknown): Promise<number> {
    const document = await collection.findOne({ _id: id } as mongo.Filter<mongo.Document>, {
      projection: { [OUTBOX_FIELD]: 1 },
    });
    const entries = (document?.[OUTBOX_FIELD] ?? []) as OutboxEntry[];
    if (entries.length === 0) return 0;
    for (const entry of entries) {
      await this.js.publish(entry.subject, encoder.encode(entry.payload), { msgID: entry.id });
      await this.options.afterPublish?.(entry);
    }
    // $pullAll with the entries exactly as read: FerretDB ignores $pull with a condition.
    const clear = {
      $pullAll: { [OUTBOX_FIELD]: entries },
    } as unknown as mongo.UpdateFilter<mongo.Document>;
    await documentWriteLock.run(collection.collectionName, id, () =>
      collection.updateOne({ _id: id } as mongo.Filter<mongo.Document>, clear),
    );
    return entries.length;
  }
}
