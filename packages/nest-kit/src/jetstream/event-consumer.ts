import {
  type CloudEvent,
  type ConsumerContract,
  EVENTS_STREAM,
  type EventOf,
  type MessageContract,
  safeParseTolerantly,
  undeclaredDifference,
} from '@opencen/contracts';
import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  nanos,
} from 'nats';
import { type Logger } from 'pino';
import { type mongo } from 'mongoose';
import { runWithContext } from '../context/request-context';
import { isDuplicateKeyError } from '../errors/service-error';
import { consumerAckPending, consumerEventsTotal, consumerPending } from '../metrics/metrics';
import { SpanKind, extractTraceContext, inSpan } from '../tracing/tracing';
import { handleMessages } from './handle-messages';

/** A handler bound to the event contract it handles; build it with {@link onEvent}. */
export interface EventHandlerBinding {
  readonly contract: MessageContract;
  readonly handle: (event: CloudEvent<unknown>) => Promise<void>;
}

/** Binds a typed handler to an event contract. */
export function onEvent<C extends MessageContract>(
  contract: C,
  handle: (event: EventOf<C>) => Promise<void>,
): EventHandlerBinding {
  return { contract, handle: handle as (event: CloudEvent<unknown>) => Promise<void> };
}

/** Throws, naming the difference, when `handlers` are not the events `declared` lists. */
export function assertAsDeclared(
  declared: ConsumerContract,
  handlers: readonly EventHandlerBinding[],
): void {
  const { unhandled, undeclared } = undeclaredDifference(
    declared,
    handlers.map((binding) => binding.contract.type),
  );
  if (unhandled.length === 0 && undeclared.length === 0) return;
  throw new Error(
    `Consumer ${declared.durable} differs from its declaration in the contracts: ` +
      [
        unhandled.length > 0 ? `no handler for ${unhandled.join(', ')}` : '',
        undeclared.length > 0 ? `undeclared ${undeclared.join(', ')}` : '',
      ]
        .filter(Boolean)
        .join('; ') +
      '. Change the declaration (packages/contracts, *.consumers.ts) with the handlers.',
  );
}

export interface EventConsumerOptions {
  /** Durable consumer name, `<service>-<purpose>`; it also keys the handled-events records. */
  durable: string;
  /**
   * The consumer's declaration in the contracts (published in the AsyncAPI document): the
   * consumer refuses to be built when its handlers are not exactly the declared events.
   */
  declared?: ConsumerContract;
  /** The stream it reads: the domain events unless said (the audit stream's records). */
  stream?: string;
  handlers: readonly EventHandlerBinding[];
  /** Redeliveries before JetStream gives up on a message that keeps failing. */
  maxDeliver?: number;
  /** Time a handler has before JetStream redelivers its message. */
  ackWaitMs?: number;
  /**
   * The handlers give the same result however often an event is handled (a search projection
   * writes the store's current state under its version): no handled-event records are kept.
   */
  idempotent?: boolean;
  /**
   * A consumer created now starts with the events published from now on, not the stream's history
   * (a search projection: what came before is in the store, which the rebuild command copies).
   */
  fromNow?: boolean;
  /**
   * Events handled at once (default 1, in stream order). More only for handlers whose outcome does
   * not depend on order, such as a search projection, which writes the store's state by version.
   */
  parallel?: number;
}

/** Collection where each consumer records the event ids it has handled. */
export const HANDLED_EVENTS_COLLECTION = 'handled_events';

/** One handled event: `_id` is `<durable>:<event id>`. */
export interface HandledEvent {
  _id: string;
  type: string;
  handledAt: Date;
}

/**
 * A durable pull consumer of the domain-event stream that handles each event once.
 *
 * An event is acknowledged only after its handler's write and the handled-event record are
 * stored; a redelivered or re-published event whose id is already recorded is acknowledged
 * without calling the handler. A crash between the handler's write and the record means the
 * handler runs again for that event, so handlers write idempotently (upserts keyed by the event or
 * the aggregate, not blind increments).
 */
export class EventConsumer {
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;
  private readonly byType: Map<string, EventHandlerBinding>;
  private removeLagSources: (() => void)[] = [];

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly handledEvents: mongo.Collection<HandledEvent>,
    private readonly logger: Logger,
    private readonly options: EventConsumerOptions,
  ) {
    if (options.declared) assertAsDeclared(options.declared, options.handlers);
    this.byType = new Map(options.handlers.map((binding) => [binding.contract.type, binding]));
    this.stream = options.stream ?? EVENTS_STREAM;
  }

  private readonly stream: string;

  get durable(): string {
    return this.options.durable;
  }

  async start(): Promise<void> {
    const config: Partial<ConsumerConfig> = {
      durable_name: this.options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: this.options.fromNow ? DeliverPolicy.New : DeliverPolicy.All,
      filter_subjects: this.options.handlers.map((binding) => binding.contract.subject),
      max_deliver: this.options.maxDeliver ?? 10,
      ack_wait: nanos(this.options.ackWaitMs ?? 30_000),
    };
    await this.jsm.consumers.add(this.stream, config).catch(async (error: unknown) => {
      // An existing durable with an older configuration (e.g. a new handler was added).
      if (!/already in use|exists/i.test(String(error))) throw error;
      await this.jsm.consumers.update(this.stream, this.options.durable, config);
    });
    const consumer = await this.js.consumers.get(this.stream, this.options.durable);
    this.messages = await consumer.consume({ max_messages: 32 });
    this.loop = handleMessages(this.messages, this.options.parallel ?? 1, (message) =>
      this.traced(message),
    ).catch((error: unknown) =>
      this.logger.error({ err: error, consumer: this.options.durable }, 'Consumer stopped'),
    );
    this.removeLagSources = exposeConsumerLag(this.jsm, this.stream, this.options.durable);
  }

  /** Events of its subjects that the consumer has not acknowledged yet (delivered or waiting). */
  async pending(): Promise<number> {
    const info = await this.jsm.consumers.info(this.stream, this.options.durable);
    return info.num_pending + info.num_ack_pending;
  }

  /**
   * Whether every event of its subjects that the stream held up to `streamSequence` has been
   * acknowledged (the acknowledged floor passed it, or nothing is left to handle), and the stream
   * sequence of the last event acknowledged in order, by any replica.
   */
  async handledUpTo(streamSequence: number): Promise<{ handled: boolean; ackFloor: number }> {
    const info = await this.jsm.consumers.info(this.stream, this.options.durable);
    const handled =
      info.ack_floor.stream_seq >= streamSequence ||
      (info.num_pending === 0 && info.num_ack_pending === 0);
    return { handled, ackFloor: info.ack_floor.stream_seq };
  }

  /** The sequence of the stream's last event (the point handledUpTo compares with). */
  async streamEnd(): Promise<number> {
    return (await this.jsm.streams.info(this.stream)).state.last_seq;
  }

  /** Stops taking messages and waits for the one being handled. */
  async stop(): Promise<void> {
    this.removeLagSources.splice(0).forEach((remove) => remove());
    await this.messages?.close();
    await this.loop;
  }

  /** Handles a message in a consumer span that continues the trace of the change it comes from. */
  private traced(message: JsMsg): Promise<void> {
    const attributes = {
      'messaging.system': 'nats',
      'messaging.destination.name': message.subject,
      'messaging.consumer.group.name': this.options.durable,
    };
    const parent = extractTraceContext(message.headers);
    return inSpan(
      `${message.subject} process`,
      { kind: SpanKind.CONSUMER, attributes, parent },
      async (span) => {
        const outcome = await this.process(message);
        span.setAttribute('opencen.outcome', outcome);
        consumerEventsTotal.inc({ durable: this.options.durable, outcome });
      },
    );
  }

  private async process(message: JsMsg): Promise<'ok' | 'duplicate' | 'retried' | 'terminated'> {
    let event: CloudEvent<unknown>;
    let binding: EventHandlerBinding | undefined;
    try {
      const raw = message.json<CloudEvent<unknown>>();
      binding = this.byType.get(raw.type);
      if (!binding) throw new Error(`no handler for type ${String(raw.type)}`);
      // Read tolerantly: a field that a newer producer added to this event version is ignored.
      const parsed = safeParseTolerantly(binding.contract.envelope, raw);
      if (!parsed.success) throw parsed.error;
      event = parsed.data as CloudEvent<unknown>;
    } catch (error) {
      // A message that cannot be read will never succeed: stop its redelivery and say why.
      this.logger.error(
        { err: error, consumer: this.options.durable, seq: message.seq },
        'Unreadable event terminated',
      );
      message.term();
      return 'terminated';
    }
    const key = `${this.options.durable}:${event.id}`;
    const recorded = !this.options.idempotent;
    try {
      if (
        recorded &&
        (await this.handledEvents.findOne({ _id: key }, { projection: { _id: 1 } }))
      ) {
        message.ack();
        return 'duplicate';
      }
      await runWithContext({ correlationId: event.correlationid, causationId: event.id }, () =>
        binding.handle(event),
      );
      if (recorded) {
        await this.handledEvents
          .insertOne({ _id: key, type: event.type, handledAt: new Date() })
          .catch((error: unknown) => {
            if (!isDuplicateKeyError(error)) throw error;
          });
      }
      message.ack();
      return 'ok';
    } catch (error) {
      const delayMs = Math.min(30_000, 500 * 2 ** (message.info.redeliveryCount - 1));
      this.logger.warn(
        {
          err: error,
          consumer: this.options.durable,
          eventId: event.id,
          attempt: message.info.redeliveryCount,
          retryInMs: delayMs,
        },
        'Event handler failed; it will be redelivered',
      );
      message.nak(delayMs);
      return 'retried';
    }
  }
}

/**
 * Registers a durable consumer's lag with the metrics, read from JetStream's consumer info when
 * Prometheus scrapes (num_pending: not delivered yet; num_ack_pending: delivered, not acknowledged).
 * Shared by the event consumers and the work queues; returns how to unregister.
 */
export function exposeConsumerLag(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
): (() => void)[] {
  let info: Promise<{ num_pending: number; num_ack_pending: number }> | undefined;
  // One consumer-info request per scrape serves both gauges.
  const read = () =>
    (info ??= jsm.consumers.info(stream, durable).finally(() => (info = undefined)));
  const labels = { stream, durable };
  return [
    consumerPending.add(async () => [{ labels, value: (await read()).num_pending }]),
    consumerAckPending.add(async () => [{ labels, value: (await read()).num_ack_pending }]),
  ];
}
