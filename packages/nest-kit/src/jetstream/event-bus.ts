import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { type CloudEvent } from '@opencen/contracts';
import { type Connection, type Model, type UpdateQuery } from 'mongoose';
import { type JetStreamClient, type JetStreamManager, type NatsConnection, connect } from 'nats';
import { type Logger } from 'pino';
import { type ServiceKitOptions } from '../service/service-kit.options';
import { KIT_LOGGER, KIT_OPTIONS } from '../service/tokens';
import {
  EventConsumer,
  type EventConsumerOptions,
  HANDLED_EVENTS_COLLECTION,
  type HandledEvent,
} from './event-consumer';
import { updateVersioned } from '../mongo/versioned-update';
import { type NewDocument, toOutboxEntries } from './outbox';
import {
  DEFAULT_EVENTS_STREAM_OPTIONS,
  ensureAuditStream,
  ensureEventsStream,
} from './events-stream';
import { WorkQueue, type WorkQueueOptions } from './work-queue';
import { OUTBOX_REPLICAS_COLLECTION, type ReplicaHeartbeat } from './outbox-replicas';
import {
  DEFAULT_OUTBOX_RELAY_OPTIONS,
  OUTBOX_PENDING_COLLECTION,
  OutboxRelay,
  type PendingMarker,
} from './outbox-relay';

const HOUR_MS = 60 * 60_000;

/**
 * The service's side of JetStream: its own NATS connection, the event stream, the outbox relay
 * over the service's aggregate collections, and its durable consumers. Features register
 * consumers in `onModuleInit`; they start once the application has booted.
 */
@Injectable()
export class EventBus
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private connection: NatsConnection | undefined;
  private jetStream: { js: JetStreamClient; jsm: JetStreamManager } | undefined;
  private relay: OutboxRelay | undefined;
  private readonly consumers: EventConsumer[] = [];
  private readonly workQueues: WorkQueue<unknown>[] = [];
  private cleanupTimer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(KIT_OPTIONS) private readonly options: ServiceKitOptions,
    @Inject(KIT_LOGGER) private readonly logger: Logger,
    @InjectConnection() private readonly mongo: Connection,
  ) {}

  async onModuleInit(): Promise<void> {
    this.connection = await connect({
      servers: this.options.env.NATS_URL,
      name: `${this.options.service}-events`,
    });
    const jsm = await this.connection.jetstreamManager();
    this.jetStream = { js: this.connection.jetstream(), jsm };
    await ensureEventsStream(jsm, {
      ...DEFAULT_EVENTS_STREAM_OPTIONS,
      ...this.options.eventsStream,
    });
    if (this.options.auditStream) await ensureAuditStream(jsm);
    this.relay = new OutboxRelay(
      this.jetStream.js,
      (this.options.outboxCollections ?? []).map((name) => this.mongo.collection(name)),
      this.mongo.collection<PendingMarker>(OUTBOX_PENDING_COLLECTION),
      this.mongo.collection<ReplicaHeartbeat>(OUTBOX_REPLICAS_COLLECTION),
      this.logger,
      {
        ...DEFAULT_OUTBOX_RELAY_OPTIONS,
        heartbeatMs: this.options.env.OUTBOX_HEARTBEAT_MS,
        markerGraceMs: this.options.env.OUTBOX_MARKER_GRACE_MS,
        ...this.options.relay,
      },
    );
    // Cleanup job: delete handled-event records older than the retention ({ handledAt: { $lt } }).
    await this.handledEvents().createIndex({ handledAt: 1 });
  }

  /** Registers a durable consumer; call it from a feature's onModuleInit. */
  consume(options: EventConsumerOptions): EventConsumer {
    const { js, jsm } = this.streams();
    const consumer = new EventConsumer(js, jsm, this.handledEvents(), this.logger, options);
    this.consumers.push(consumer);
    return consumer;
  }

  /**
   * Creates (or updates) a work queue and its durable consumer now, so that items can be
   * published at once; it starts taking them with the consumers, once the application has booted,
   * and stops with them. Call it from a feature's onModuleInit, and give it a handler.
   */
  async workQueue<T>(options: WorkQueueOptions): Promise<WorkQueue<T>> {
    const { js, jsm } = this.streams();
    const queue = new WorkQueue<T>(js, jsm, this.logger, options);
    await queue.ensure();
    this.workQueues.push(queue as WorkQueue<unknown>);
    return queue;
  }

  async onApplicationBootstrap(): Promise<void> {
    this.relay?.start();
    await Promise.all(this.consumers.map((consumer) => consumer.start()));
    await Promise.all(this.workQueues.map((queue) => queue.start()));
    this.cleanupTimer = setInterval(() => void this.removeOldHandledEvents(), HOUR_MS);
    this.cleanupTimer.unref();
  }

  /**
   * Runs `write`, which stores pending events in the document `id` of `collection`, so that they
   * are published at once and, after a crash, by the recovery pass (see OutboxRelay.store). Every
   * write that stores events goes through it, except the insert of a new aggregate
   * ({@link insertWithEvents}).
   */
  storeEvents<T>(collection: string, id: unknown, write: () => Promise<T>): Promise<T> {
    if (!this.relay) throw new Error('EventBus used before module init');
    return this.relay.store(collection, id, write);
  }

  /**
   * Inserts a new aggregate with its events (see OutboxRelay.insert): `insert` stores the document
   * it is given, which carries the write's id beside the fields of `document`.
   */
  insertWithEvents<T>(
    collection: string,
    document: NewDocument,
    events: readonly CloudEvent<unknown>[],
    insert: (document: NewDocument) => Promise<T>,
  ): Promise<T> {
    if (!this.relay) throw new Error('EventBus used before module init');
    return this.relay.insert(collection, document, toOutboxEntries(events), insert);
  }

  /** {@link updateVersioned} of an aggregate, with its events stored through {@link storeEvents}. */
  updateVersioned<T extends { version: number }>(
    model: Model<T>,
    id: unknown,
    expectedVersion: number,
    update: UpdateQuery<T>,
    events: readonly CloudEvent<unknown>[],
  ): Promise<void> {
    return this.storeEvents(model.collection.collectionName, id, () =>
      updateVersioned(model, id, expectedVersion, update, events),
    );
  }

  /** Publishes the events of the writes this replica acknowledged and has not published yet. */
  async publishPending(): Promise<number> {
    return this.relay ? this.relay.publishPending() : 0;
  }

  /** Publishes all pending events now; for tools and tests. */
  async flushOutbox(): Promise<number> {
    return this.relay ? this.relay.flush() : 0;
  }

  /** Readiness: the connection is open and the server answers a round trip. */
  async check(): Promise<void> {
    if (!this.connection || this.connection.isClosed()) throw new Error('NATS connection closed');
    await this.connection.flush();
  }

  /** Runs after requests have finished and while MongoDB is still connected (see startService). */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.cleanupTimer);
    await Promise.all(this.consumers.map((consumer) => consumer.stop()));
    await Promise.all(this.workQueues.map((queue) => queue.stop()));
    await this.relay?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.connection && !this.connection.isClosed()) await this.connection.drain();
  }

  private streams(): { js: JetStreamClient; jsm: JetStreamManager } {
    if (!this.jetStream) throw new Error('EventBus used before module init');
    return this.jetStream;
  }

  private handledEvents() {
    return this.mongo.collection<HandledEvent>(HANDLED_EVENTS_COLLECTION);
  }

  private async removeOldHandledEvents(): Promise<void> {
    const retentionDays = this.options.handledEventsRetentionDays ?? 30;
    const cutoff = new Date(Date.now() - retentionDays * 24 * HOUR_MS);
    try {
      const { deletedCount } = await this.handledEvents().deleteMany({
        handledAt: { $lt: cutoff },
      });
      if (deletedCount) this.logger.info({ deletedCount }, 'Removed old handled-event records');
    } catch (error) {
      this.logger.warn({ err: error }, 'Handled-event cleanup failed; it runs again in an hour');
    }
  }
}
