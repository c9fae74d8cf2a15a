import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerMessages,
  DeliverPolicy,
  DiscardPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  RetentionPolicy,
  StorageType,
  type StreamConfig,
  nanos,
} from 'nats';
import { type Logger } from 'pino';
import { exposeConsumerLag } from './event-consumer';
import { handleMessages } from './handle-messages';

/** What a work item's handler decided: done (acknowledged), or to be tried again after a delay. */
export type WorkOutcome = { readonly done: true } | { readonly retryInMs: number };

/** The outcome that acknowledges a work item. */
export const WORK_DONE: WorkOutcome = { done: true };

/** What a handler knows of the item's history. */
export interface WorkItemInfo {
  /** 1 on the first delivery, then one more on each retry or redelivery. */
  readonly deliveries: number;
}

export interface WorkQueueOptions {
  /** The stream's name, e.g. `OPENCEN_WEBHOOKS`. */
  readonly stream: string;
  /** The subjects it captures, e.g. `webhooks.deliveries.>`. */
  readonly subjects: readonly string[];
  /** The durable pull consumer every replica shares, `<service>-<purpose>`. */
  readonly durable: string;
  /** Items handled at once by this replica. */
  readonly parallel: number;
  /** How long a handler has before the item goes to another replica (longer than one attempt). */
  readonly ackWaitMs: number;
  /** How long JetStream drops an item published again with the same id. */
  readonly duplicateWindowMs: number;
  /** How long an item waits at most (the longest retry period, and then some). */
  readonly maxAgeMs: number;
  /** Copies kept in a NATS cluster; 1 on a single local server. */
  readonly replicas?: number;
}

/**
 * A JetStream work queue: each message is one unit of work, taken by one replica of the durable
 * pull consumer, removed from the stream once acknowledged. A handler that wants another attempt
 * later answers `retryInMs`: the message is handed back with that delay (`nak(delay)`), so the
 * retry schedule lives in JetStream, survives a restart, and no process sleeps on it. A handler
 * that throws is retried the same way after a short backoff. Published items carry a
 * `Nats-Msg-Id`, so publishing the same item twice (after a crash) queues it once.
 */
export class WorkQueue<T> {
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private handler: ((item: T, info: WorkItemInfo) => Promise<WorkOutcome>) | undefined;
  private removeLagSources: (() => void)[] = [];

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly logger: Logger,
    readonly options: WorkQueueOptions,
  ) {}

  /** Creates the stream and its consumer, or brings them to this configuration. */
  async ensure(): Promise<void> {
    const stream: Partial<StreamConfig> = {
      name: this.options.stream,
      subjects: [...this.options.subjects],
      storage: StorageType.File,
      retention: RetentionPolicy.Workqueue,
      discard: DiscardPolicy.Old,
      duplicate_window: nanos(this.options.duplicateWindowMs),
      max_age: nanos(this.options.maxAgeMs),
      num_replicas: this.options.replicas ?? 1,
    };
    await this.jsm.streams.add(stream).catch(async (error: unknown) => {
      if (!/already in use|exists/i.test(String(error))) throw error;
      await this.jsm.streams.update(this.options.stream, stream);
    });
    const consumer: Partial<ConsumerConfig> = {
      durable_name: this.options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      // Retries end when the handler says so (its retry period), not after a count.
      max_deliver: -1,
      ack_wait: nanos(this.options.ackWaitMs),
      max_ack_pending: Math.max(1000, this.options.parallel * 4),
    };
    await this.jsm.consumers.add(this.options.stream, consumer).catch(async (error: unknown) => {
      if (!/already in use|exists/i.test(String(error))) throw error;
      await this.jsm.consumers.update(this.options.stream, this.options.durable, consumer);
    });
  }

  /**
   * Queues an item on `subject` (one of the stream's), once per `id` within the duplicate window;
   * resolves once JetStream has stored it.
   */
  async publish(subject: string, item: T, id: string): Promise<void> {
    await this.js.publish(subject, JSON.stringify(item), { msgID: id });
  }

  /** Sets the handler; it runs once the queue is started. */
  handle(handler: (item: T, info: WorkItemInfo) => Promise<WorkOutcome>): void {
    this.handler = handler;
  }

  /** Starts taking items (call after {@link ensure} and {@link handle}). */
  async start(): Promise<void> {
    if (!this.handler) throw new Error(`Work queue ${this.options.durable} has no handler`);
    const consumer = await this.js.consumers.get(this.options.stream, this.options.durable);
    this.messages = await consumer.consume({ max_messages: Math.max(32, this.options.parallel) });
    this.loop = handleMessages(this.messages, this.options.parallel, (message) =>
      this.process(message),
    ).catch((error: unknown) =>
      this.logger.error({ err: error, consumer: this.options.durable }, 'Work queue stopped'),
    );
    this.removeLagSources = exposeConsumerLag(this.jsm, this.options.stream, this.options.durable);
  }

  /** Items queued and not acknowledged yet (waiting, in a retry delay, or being handled). */
  async pending(): Promise<number> {
    const info = await this.jsm.consumers.info(this.options.stream, this.options.durable);
    return info.num_pending + info.num_ack_pending;
  }

  /** Stops taking items and waits for those being handled. */
  async stop(): Promise<void> {
    this.removeLagSources.splice(0).forEach((remove) => remove());
    await this.messages?.close();
    await this.loop;
  }

  private async process(message: JsMsg): Promise<void> {
    let item: T;
    try {
      item = message.json<T>();
    } catch (error) {
      this.logger.error(
        { err: error, consumer: this.options.durable, seq: message.seq },
        'Unreadable work item terminated',
      );
      message.term();
      return;
    }
    const deliveries = message.info.redeliveryCount;
    try {
      const outcome = await this.handler!(item, { deliveries });
      if ('done' in outcome) message.ack();
      else message.nak(Math.max(0, Math.round(outcome.retryInMs)));
    } catch (error) {
      const delayMs = Math.min(30_000, 500 * 2 ** Math.max(0, deliveries - 1));
      this.logger.warn(
        { err: error, consumer: this.options.durable, attempt: deliveries, retryInMs: delayMs },
        'Work item failed; it will be handed back',
      );
      message.nak(delayMs);
    }
  }
}
