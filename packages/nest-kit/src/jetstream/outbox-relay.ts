import { randomUUID } from 'node:crypto';
import { type mongo } from 'mongoose';
import { type JetStreamClient, type MsgHdrs, headers as natsHeaders } from 'nats';
import { type Logger } from 'pino';
import { outboxBacklog, outboxPublishedTotal } from '../metrics/metrics';
import { documentWriteLock } from '../mongo/document-write-lock';
import { SpanKind, contextOfTraceparent, inSpan, injectTraceContext } from '../tracing/tracing';
import {
  type LivenessView,
  OutboxReplicas,
  type ReplicaHeartbeat,
  isStale,
  takeoverReason,
} from './outbox-replicas';
import {
  OUTBOX_FIELD,
  OUTBOX_WRITE_FIELD,
  type NewDocument,
  type OutboxCollection,
  type OutboxEntry,
} from './outbox';

/** Where writers mark the documents they are giving events, before they write them. */
export const OUTBOX_PENDING_COLLECTION = 'outbox_pending';

/**
 * One document of a replica whose events may not be published yet: `_id` is
 * `<replica>/<collection>/<document id>`, `at` the last time a write of it began; or one insert,
 * holding its events: `_id` is `<replica>/<collection>/<document id>/<write id>`.
 */
export interface PendingMarker {
  _id: string;
  replica: string;
  collection: string;
  documentId: unknown;
  at: Date;
  /** The events of an insert ({@link OutboxRelay.insert}), until they are published. */
  inserted?: InsertedEvents;
}

/** The events of an inserted document, kept in its marker: valid if the document has `writeId`. */
interface InsertedEvents {
  writeId: string;
  entries: OutboxEntry[];
}

export interface OutboxRelayOptions {
  /**
   * How often this replica renews its heartbeat in `outbox_replicas` and runs the recovery pass,
   * which looks for events that no relay published: left by a replica that crashed between a
   * write and its publication. A replica whose heartbeat is `MISSED_HEARTBEATS` (3) of its beats
   * old is taken to have crashed, and its markers are taken over.
   */
  heartbeatMs: number;
  /**
   * How old a marker of a replica that still beats must be before recovery takes it over (the
   * replica lives but does not publish): a working replica clears its own within moments.
   */
  markerGraceMs: number;
  /** Called after each event is acknowledged by JetStream and before it is cleared. */
  afterPublish?: (entry: OutboxEntry) => void | Promise<void>;
}

export const DEFAULT_OUTBOX_RELAY_OPTIONS: OutboxRelayOptions = {
  heartbeatMs: 5_000,
  markerGraceMs: 60_000,
};

/** The recovery pass reads markers without the events of inserts, which it reads when it takes one. */
const WITHOUT_EVENTS = { 'inserted.entries': 0 } as const;

interface Target {
  collection: OutboxCollection;
  id: unknown;
  /** Another replica's marker that recovery took over: cleared if it was not renewed. */
  foreign?: { _id: string; at: Date };
  /**
   * The events of an insert, held by its own marker `markerId` and not in the document: `stored`
   * when this process saw the insert succeed, else (recovery) valid if the document has their
   * write id.
   */
  inserted?: InsertedEvents & { markerId: string; stored: boolean };
}

/** The longest wait before announced documents are tried again after a failed publication. */
const MAX_RETRY_DELAY_MS = 30_000;

const encoder = new TextEncoder();

/** The active trace context as NATS headers; none when tracing is off. */
function traceHeaders(): { headers?: MsgHdrs } {
  const headers = injectTraceContext(natsHeaders());
  return headers.keys().length > 0 ? { headers } : {};
}

/**
 * Publishes the events that aggregates keep in their outbox, then clears them.
 *
 * A writer stores through {@link store}: it marks the document pending (a key document of this
 * replica in `outbox_pending`), writes, and announces it; the relay reads that document by `_id`,
 * publishes its pending events in order, clears them, and removes the marker once no write of
 * the document is in flight here. So an event is on the stream moments after its change was
 * stored, an idle service reads nothing, and a replica that crashed after a write leaves a marker:
 * the recovery pass of any replica, at start and at every heartbeat (`heartbeatMs`), takes over
 * the markers of replicas whose heartbeat in `outbox_replicas` is missing or stale (crashed or
 * stopped: within `MISSED_HEARTBEATS` beats), and, as a fallback for a replica that beats
 * but does not publish, markers older than `markerGraceMs`. Nothing ever scans the aggregate
 * collections.
 * A new document is written through {@link insert}: its events wait in a marker of that write,
 * so that publishing them costs no read or rewrite of the document.
 *
 * Each event is published with `Nats-Msg-Id` = event id and cleared only after JetStream has
 * acknowledged it; if the process dies in between, the event is published again later and
 * JetStream drops the copy inside its duplicate window. So an event is never lost, and a
 * subscriber sees it once. Replicas may run relays side by side for the same reason.
 */
export class OutboxRelay {
  private readonly byName: Map<string, OutboxCollection>;
  /**
   * Announced documents and inserts not yet published, in the order announced: `collection\0id`
   * or an insert's marker id → what to publish.
   */
  private announced = new Map<string, Target>();
  /** This process's writes in flight, per marker `_id`. */
  private readonly inFlight = new Map<string, number>();
  /** Names this process's markers and heartbeat; a restart is another replica. */
  private readonly replica = randomUUID();
  private readonly replicas: OutboxReplicas;
  /** This replica's first heartbeat, written before its first marker (see {@link registered}). */
  private registration: Promise<void> | undefined;
  private currentPass: Promise<number> | undefined;
  private queuedPass: Promise<number> | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private beating: Promise<void> | undefined;
  private recovering: Promise<number> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryDelayMs = 0;
  private stopped = true;
  private removeBacklogSource: (() => void) | undefined;

  constructor(
    private readonly js: JetStreamClient,
    collections: readonly OutboxCollection[],
    private readonly markers: mongo.Collection<PendingMarker>,
    heartbeats: mongo.Collection<ReplicaHeartbeat>,
    private readonly logger: Logger,
    private readonly options: OutboxRelayOptions = DEFAULT_OUTBOX_RELAY_OPTIONS,
  ) {
    this.byName = new Map(collections.map((collection) => [collection.collectionName, collection]));
    this.replicas = new OutboxReplicas(heartbeats, this.replica, options.heartbeatMs);
  }

  /**
   * Starts beating and with a recovery pass, then renews the heartbeat and repeats the pass every
   * `heartbeatMs`.
   */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.removeBacklogSource = outboxBacklog.add(() => this.backlog());
    this.heartbeatTimer = setInterval(() => this.tick(), this.options.heartbeatMs);
    this.heartbeatTimer.unref();
    this.tick();
    if (this.announced.size > 0) this.drainInBackground();
  }

  /**
   * One heartbeat, then a recovery pass; neither overlaps its previous run, and a slow pass (one
   * publishing much that it took over) does not hold the beats back.
   */
  private tick(): void {
    this.beating ??= this.replicas
      .beat()
      .then(() => void (this.registration ??= Promise.resolve()))
      .catch((error: unknown) =>
        this.logger.warn(
          { err: error },
          'Outbox heartbeat failed; other replicas may take this replica’s pending events over',
        ),
      )
      .finally(() => (this.beating = undefined));
    if (this.recovering) return;
    this.recovering = this.beating
      .then(() => this.recover())
      .catch((error: unknown) => {
        this.logger.warn(
          { err: error },
          'Outbox recovery pass failed; pending events stay stored and the next pass retries',
        );
        return 0;
      })
      .finally(() => (this.recovering = undefined));
  }

  /**
   * Resolves once this replica's heartbeat is stored, beating once if it has not yet: a marker
   * must never exist without its replica's heartbeat, or recovery would take it over at once as a
   * gone replica's (also before {@link start}, e.g. a seed written at module init).
   */
  private registered(): Promise<void> {
    this.registration ??= this.replicas.beat().catch((error: unknown) => {
      this.registration = undefined;
      throw error;
    });
    return this.registration;
  }

  /**
   * Runs `write`, which gives the document `id` of `collectionName` pending events, under that
   * document's write lock, and publishes them: the document is marked pending first (so that a crash after the write leaves a trace
   * that recovery reads by key), then announced, whether the write succeeded or not.
   */
  async store<T>(collectionName: string, id: unknown, write: () => Promise<T>): Promise<T> {
    this.collectionNamed(collectionName);
    const key = this.markerKey(collectionName, id);
    await this.registered();
    // Under the marker's lock: the relay removes a marker only when no write of it is in flight.
    await documentWriteLock.run(OUTBOX_PENDING_COLLECTION, key, async () => {
      const marker = { replica: this.replica, collection: collectionName, documentId: id };
      await this.markers.updateOne(
        { _id: key },
        { $set: { ...marker, at: new Date() } },
        { upsert: true },
      );
      this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    });
    try {
      // Under the document's lock: FerretDB loses concurrent updates of one document (see
      // DocumentWriteLock), so no write that stores events may bypass it.
      return await documentWriteLock.run(collectionName, id, write);
    } finally {
      const left = (this.inFlight.get(key) ?? 1) - 1;
      if (left > 0) this.inFlight.set(key, left);
      else this.inFlight.delete(key);
      this.announce(collectionName, id);
    }
  }

  /**
   * Inserts a new document with its events. The events wait in this write's pending marker
   * instead of the document, so that publishing them neither reads nor rewrites the document
   * (FerretDB rewrites a whole document on every update: 11 ms for a new case of 5 KB, after 7 ms
   * to read it). The document gets the marker's write id in `outboxWrite`: recovery
   * publishes a marker's events only if the document stored is that insert's, so the events of an
   * insert that was refused are never published.
   */
  async insert<T>(
    collectionName: string,
    document: NewDocument,
    entries: readonly OutboxEntry[],
    insert: (document: NewDocument) => Promise<T>,
  ): Promise<T> {
    const collection = this.collectionNamed(collectionName);
    const id = document._id;
    const inserted: InsertedEvents = { writeId: randomUUID(), entries: [...entries] };
    const markerId = `${this.markerKey(collectionName, id)}/${inserted.writeId}`;
    await this.registered();
    await this.markers.insertOne({
      _id: markerId,
      replica: this.replica,
      collection: collectionName,
      documentId: id,
      at: new Date(),
      inserted,
    });
    let stored = false;
    try {
      const result = await insert({ ...document, [OUTBOX_WRITE_FIELD]: inserted.writeId });
      stored = true;
      return result;
    } finally {
      // Refused, or its outcome unknown: published only if the document stored is this insert's.
      this.queue(markerId, { collection, id, inserted: { ...inserted, markerId, stored } });
    }
  }

  /**
   * The document `id` of `collectionName` may hold pending events: publish them now.
   * Announcements of one document coalesce; one made while it is being published reads it again.
   */
  announce(collectionName: string, id: unknown, foreign?: Target['foreign']): void {
    const collection = this.collectionNamed(collectionName);
    this.queue(`${collectionName}\u0000${String(id)}`, { collection, id, foreign });
  }

  private queue(key: string, target: Target): void {
    this.announced.set(key, target);
    if (!this.stopped && this.retryDelayMs === 0) this.drainInBackground();
  }

  private collectionNamed(collectionName: string): OutboxCollection {
    const collection = this.byName.get(collectionName);
    if (!collection) {
      throw new Error(
        `Outbox relay: ${collectionName} is not an outbox collection; add it to outboxCollections`,
      );
    }
    return collection;
  }

  private markerKey(collectionName: string, id: unknown): string {
    return `${this.replica}/${collectionName}/${String(id)}`;
  }

  /**
   * Publishes every announced document, then what every other replica's marker points at,
   * however recent and whether that replica lives; resolves with how many events were published.
   * For tools and tests, and for a last pass by hand.
   */
  async flush(): Promise<number> {
    const announced = await this.drain();
    return announced + (await this.recover({ everyMarker: true }));
  }

  /**
   * Publishes what this replica has written and not published yet (a pass over the announced
   * documents, shared with one already running): after it, every event of a write this replica
   * acknowledged is on the stream.
   */
  publishPending(): Promise<number> {
    return this.drain();
  }

  /**
   * Stops after publishing what was announced, then removes this replica's heartbeat: what is
   * still pending stays stored, and the next recovery pass of another replica (or of the next
   * start) takes it over at once.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.removeBacklogSource?.();
    clearInterval(this.heartbeatTimer);
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
    // A beat in flight must not store the heartbeat again after its removal.
    await Promise.allSettled([this.beating, this.recovering]);
    this.registration = undefined;
    try {
      await this.replicas.remove();
    } catch (error) {
      this.logger.warn(
        { err: error },
        'Could not remove the outbox heartbeat at shutdown; other replicas find it stale',
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
        published += await this.publishDocument(target);
      } catch (error) {
        // First again for the retry, so that events keep their order; an announcement made
        // meanwhile reads the same document.
        const rest = [...this.announced].filter(([other]) => other !== key);
        this.announced = new Map([[key, this.announced.get(key) ?? target], ...rest]);
        throw error;
      }
    }
    this.retryDelayMs = 0;
    return published;
  }

  /**
   * Takes over the markers of other replicas that {@link takeoverReason} names (or all of them,
   * with `everyMarker`) and publishes what they point at; forgets the heartbeats of replicas found
   * stale, whose markers then count as a gone replica's.
   */
  private async recover({ everyMarker = false } = {}): Promise<number> {
    // Query `find({ replica: { $ne } })` on outbox_pending: the whole collection on purpose (less
    // this replica's markers). It is bounded by the writes in flight, plus what crashed replicas
    // left until this pass takes it over; the events of inserts are not read here.
    const markers = await this.markers
      .find({ replica: { $ne: this.replica } }, { projection: WITHOUT_EVENTS })
      .toArray();
    // Read after the markers: a marker is written after its replica's first beat, so every
    // replica of a marker read here that still runs is in this read.
    const { serverNow, heartbeats } = await this.replicas.read();
    const view: LivenessView = {
      self: this.replica,
      serverNow,
      heartbeats,
      localNow: new Date(),
      markerGraceMs: this.options.markerGraceMs,
    };
    for (const heartbeat of heartbeats.values()) {
      if (heartbeat._id !== this.replica && isStale(heartbeat, serverNow)) {
        await this.replicas.forget(heartbeat);
      }
    }
    const reasons = new Map<string, number>();
    for (const marker of markers) {
      if (!this.byName.has(marker.collection)) continue;
      const reason = everyMarker ? 'flush' : takeoverReason(marker, view);
      if (!reason) continue;
      if (!(await this.takeOver(marker))) continue;
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    if (reasons.size === 0) return 0;
    const published = await this.drain();
    this.logger.info(
      { markers: Object.fromEntries(reasons), published },
      'Outbox recovery took over pending markers',
    );
    return published;
  }

  /**
   * Queues what another replica's marker points at; false when the marker of an insert is gone
   * meanwhile (its events are read by `_id` here, the pass did not read them).
   */
  private async takeOver(marker: PendingMarker): Promise<boolean> {
    if (!marker.inserted) {
      this.announce(marker.collection, marker.documentId, { _id: marker._id, at: marker.at });
      return true;
    }
    const inserted = (await this.markers.findOne({ _id: marker._id }))?.inserted;
    if (!inserted) return false;
    // The marker of one insert: removed once its events are settled, whoever wrote it.
    this.queue(marker._id, {
      collection: this.collectionNamed(marker.collection),
      id: marker.documentId,
      inserted: { ...inserted, markerId: marker._id, stored: false },
    });
    return true;
  }

  /**
   * Publishes the events of an insert, held by its marker, or those pending in a document, read
   * by `_id`, in order, and clears them; then removes the marker that pointed here.
   */
  private async publishDocument(target: Target): Promise<number> {
    if (target.inserted) return this.publishInsert(target, target.inserted);
    const { collection, id } = target;
    const document = await collection.findOne({ _id: id } as mongo.Filter<mongo.Document>, {
      projection: { [OUTBOX_FIELD]: 1 },
    });
    const entries = (document?.[OUTBOX_FIELD] ?? []) as OutboxEntry[];
    await this.publish(entries);
    if (entries.length > 0) {
      // $pullAll with the entries exactly as read: FerretDB ignores $pull with a condition.
      const clear = {
        $pullAll: { [OUTBOX_FIELD]: entries },
      } as unknown as mongo.UpdateFilter<mongo.Document>;
      await documentWriteLock.run(collection.collectionName, id, () =>
        collection.updateOne({ _id: id } as mongo.Filter<mongo.Document>, clear),
      );
    }
    await this.clearMarker(target);
    return entries.length;
  }

  /** An insert's events: published if its insert is the document stored, then its marker removed. */
  private async publishInsert(
    { collection, id }: Target,
    inserted: NonNullable<Target['inserted']>,
  ): Promise<number> {
    const stored =
      inserted.stored ||
      (
        await collection.findOne({ _id: id } as mongo.Filter<mongo.Document>, {
          projection: { [OUTBOX_WRITE_FIELD]: 1 },
        })
      )?.[OUTBOX_WRITE_FIELD] === inserted.writeId;
    if (stored) await this.publish(inserted.entries);
    await this.markers.deleteOne({ _id: inserted.markerId });
    return stored ? inserted.entries.length : 0;
  }

  private async publish(entries: readonly OutboxEntry[]): Promise<void> {
    for (const entry of entries) {
      // A producer span in the trace of the change that raised the event; its context rides in
      // the message's headers to the consumers.
      const attributes = {
        'messaging.system': 'nats',
        'messaging.destination.name': entry.subject,
        'messaging.message.id': entry.id,
      };
      const parent = contextOfTraceparent(entry.traceparent);
      await inSpan(
        `${entry.subject} publish`,
        { kind: SpanKind.PRODUCER, attributes, parent },
        () =>
          this.js.publish(entry.subject, encoder.encode(entry.payload), {
            msgID: entry.id,
            ...traceHeaders(),
          }),
      );
      outboxPublishedTotal.inc();
      await this.options.afterPublish?.(entry);
    }
  }

  /** Writes announced and not published yet, per collection (the outbox backlog metric). */
  backlog(): { labels: { collection: string }; value: number }[] {
    const counts = new Map<string, number>();
    for (const collection of this.byName.keys()) counts.set(collection, 0);
    for (const { collection } of this.announced.values()) {
      const name = collection.collectionName;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    return [...counts].map(([collection, value]) => ({ labels: { collection }, value }));
  }

  private async clearMarker({ collection, id, foreign }: Target): Promise<void> {
    if (foreign) {
      // Unless its replica wrote the document again meanwhile (then it is that replica's again).
      await this.markers.deleteOne({ _id: foreign._id, at: foreign.at });
      return;
    }
    const key = this.markerKey(collection.collectionName, id);
    await documentWriteLock.run(OUTBOX_PENDING_COLLECTION, key, async () => {
      // A write begun meanwhile announces the document again once it is done.
      if (!this.inFlight.has(key)) await this.markers.deleteOne({ _id: key });
    });
  }
}
