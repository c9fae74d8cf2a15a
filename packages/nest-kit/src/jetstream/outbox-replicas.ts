import { type mongo } from 'mongoose';
import { isDuplicateKeyError } from '../errors/service-error';

/** Where each running outbox relay keeps its heartbeat (see {@link OutboxReplicas}). */
export const OUTBOX_REPLICAS_COLLECTION = 'outbox_replicas';

/**
 * The liveness of one replica's relay: `_id` is the replica (the name in its pending markers),
 * `heartbeatAt` the database server's time of its last beat, `heartbeatMs` how often it beats.
 */
export interface ReplicaHeartbeat {
  _id: string;
  heartbeatAt: Date;
  heartbeatMs: number;
}

/** How many beats a replica may miss before it counts as gone: one late beat is not a crash. */
export const MISSED_HEARTBEATS = 3;

/** What the recovery pass knows when it looks at a marker. */
export interface LivenessView {
  /** This replica: its own markers are never taken over. */
  self: string;
  /** The database server's time, from this replica's own beat just before the read. */
  serverNow: Date;
  /** The heartbeats read, per replica; a replica missing here stopped or never beat. */
  heartbeats: ReadonlyMap<string, Pick<ReplicaHeartbeat, 'heartbeatAt' | 'heartbeatMs'>>;
  /** This process's clock, which wrote the markers' `at` of the replicas on this machine. */
  localNow: Date;
  /** How old a marker of a live replica must be before it is taken over (a stuck replica). */
  markerGraceMs: number;
}

/** Why a marker of another replica is taken over. */
export type TakeoverReason = 'replica-gone' | 'heartbeat-stale' | 'marker-old';

/** Whether a replica's heartbeat is older than {@link MISSED_HEARTBEATS} of its own beats. */
export function isStale(
  heartbeat: Pick<ReplicaHeartbeat, 'heartbeatAt' | 'heartbeatMs'>,
  serverNow: Date,
): boolean {
  return (
    serverNow.getTime() - heartbeat.heartbeatAt.getTime() >
    MISSED_HEARTBEATS * heartbeat.heartbeatMs
  );
}

/**
 * Decides whether the recovery pass takes over a pending marker of another replica: at once when
 * that replica has no heartbeat (it stopped, or its record was removed as stale) or a stale one
 * (it crashed); otherwise only when the marker is older than the grace (the replica lives but
 * does not publish). Its own markers, never.
 */
export function takeoverReason(
  marker: { replica: string; at: Date },
  view: LivenessView,
): TakeoverReason | undefined {
  if (marker.replica === view.self) return undefined;
  const heartbeat = view.heartbeats.get(marker.replica);
  if (!heartbeat) return 'replica-gone';
  if (isStale(heartbeat, view.serverNow)) return 'heartbeat-stale';
  if (view.localNow.getTime() - marker.at.getTime() > view.markerGraceMs) return 'marker-old';
  return undefined;
}

/**
 * The heartbeats of the replicas' outbox relays, one key document per replica. Times are the
 * database server's (`$currentDate`), so replicas on machines whose clocks differ judge each
 * other on one clock.
 */
export class OutboxReplicas {
  constructor(
    private readonly collection: mongo.Collection<ReplicaHeartbeat>,
    private readonly self: string,
    private readonly heartbeatMs: number,
  ) {}

  /** Renews this replica's heartbeat (by `_id`), creating it on the first beat. */
  async beat(): Promise<void> {
    const renew = () =>
      this.collection.updateOne(
        { _id: this.self },
        { $currentDate: { heartbeatAt: true }, $set: { heartbeatMs: this.heartbeatMs } },
        { upsert: true },
      );
    try {
      await renew();
    } catch (error) {
      // Two first beats at once (a write's and the timer's): one inserted the document, the
      // other's upsert met it; once it exists, the update matches.
      if (!isDuplicateKeyError(error)) throw error;
      await renew();
    }
  }

  /** Removes this replica's heartbeat at a graceful stop: its markers left are taken over at once. */
  async remove(): Promise<void> {
    await this.collection.deleteOne({ _id: this.self });
  }

  /**
   * Every replica's heartbeat, and the server's time taken from this replica's own (call
   * {@link beat} first; the local clock when it is missing).
   *
   * Query `find({})` on outbox_replicas: the whole collection on purpose. It is bounded by the
   * replicas running (plus crashed ones until the next pass removes them), a few documents.
   */
  async read(): Promise<{ serverNow: Date; heartbeats: Map<string, ReplicaHeartbeat> }> {
    const all = await this.collection.find({}).toArray();
    const heartbeats = new Map(all.map((heartbeat) => [heartbeat._id, heartbeat]));
    return { serverNow: heartbeats.get(this.self)?.heartbeatAt ?? new Date(), heartbeats };
  }

  /**
   * Removes the record of a replica found stale, unless it beat again since it was read (then it
   * lives). Its markers then count as a gone replica's.
   */
  async forget(heartbeat: Pick<ReplicaHeartbeat, '_id' | 'heartbeatAt'>): Promise<void> {
    await this.collection.deleteOne({ _id: heartbeat._id, heartbeatAt: heartbeat.heartbeatAt });
  }
}
