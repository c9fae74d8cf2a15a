import {
  type ClientProxy,
  ClientProxyFactory,
  NatsRecordBuilder,
  Transport,
} from '@nestjs/microservices';
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception';
import {
  HEADERS,
  type ReplyOf,
  type RequestContract,
  type RequestOf,
  detailsFromZodError,
  isErrorEnvelope,
  safeParseTolerantly,
} from '@opencen/contracts';
import { TimeoutError, firstValueFrom, timeout } from 'rxjs';
import { type RequestContext, currentContext, newCorrelationId } from '../context/request-context';
import { ServiceError } from '../errors/service-error';
import { isReplayedReply } from '../idempotency/replayed-reply';
import { SpanKind, inSpan, injectTraceContext } from '../tracing/tracing';
import { contextHeaders } from './headers';

export interface SendOptions {
  /** Overrides the default reply timeout for this request. */
  timeoutMs?: number;
  /** Who asks and in which chain; defaults to the context of the work in progress. */
  context?: RequestContext;
  /**
   * The client's `Idempotency-Key` of a creating request: the receiving service runs it once per
   * user and key (IdempotencyKeys). Only the gateway sends one; it is never passed further on.
   */
  idempotencyKey?: string;
  /** Called when the reply repeats the first answer to `idempotencyKey`. */
  onReplayed?: () => void;
  /**
   * When no service listens on the subject (a restart, a rolling deployment), send again after a
   * short wait until the timeout is spent (the default), or, with false, fail at once with
   * UNAVAILABLE: for a probe that must know now whether anyone listens.
   */
  waitForListener?: boolean;
}

/** The first wait before a request that reached nobody is sent again; it doubles each time. */
const FIRST_RESEND_DELAY_MS = 100;
/** The longest wait between two sends of a request that reached nobody. */
const MAX_RESEND_DELAY_MS = 1000;
/**
 * The least time left worth a send: a "no responders" answer is one round trip to the NATS
 * server, so a send with less left would end in a timeout that says nothing.
 */
const MIN_SEND_BUDGET_MS = 50;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends typed requests over NATS: the payload type comes from the contract, the payload is checked
 * before it leaves, and the reply is checked when it arrives. A failure is always a
 * {@link ServiceError}: the receiver's error envelope, UNAVAILABLE when no service listened on the
 * subject within the timeout, TIMEOUT when one listens but does not answer in time, or INTERNAL
 * when a reply breaks its contract.
 *
 * A request that NATS answers with "no responders" reached nobody, so it is sent again (after
 * 100 ms, doubling up to 1 s) while the timeout lasts: a service that restarts answers it once it
 * listens again. A request that timed out is never sent again: it may have been delivered.
 */
export class ContractClient {
  constructor(
    private readonly client: ClientProxy,
    private readonly defaultTimeoutMs: number,
  ) {}

  /** A client of its own on `natsUrl`, for tools and tests (services get theirs from the kit). */
  static over(natsUrl: string, defaultTimeoutMs = 10_000): ContractClient {
    return new ContractClient(
      ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: natsUrl } }),
      defaultTimeoutMs,
    );
  }

  /** Closes the NATS connection; Nest calls it at shutdown. */
  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  async send<C extends RequestContract>(
    contract: C,
    payload: RequestOf<C>,
    options: SendOptions = {},
  ): Promise<ReplyOf<C>> {
    const context = options.context ?? currentContext() ?? { correlationId: newCorrelationId() };
    const request = contract.request.safeParse(payload);
    if (!request.success) {
      throw new ServiceError(
        'VALIDATION_FAILED',
        `The ${contract.subject} request is invalid`,
        detailsFromZodError(request.error),
        context.correlationId,
      );
    }
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    const attributes = {
      'messaging.system': 'nats',
      'messaging.destination.name': contract.subject,
    };
    let raw = await inSpan(
      `${contract.subject} send`,
      { kind: SpanKind.CLIENT, attributes },
      async () => {
        // The payload as given (not zod's output) goes on the wire: the receiver parses it again.
        const headers = injectTraceContext(contextHeaders(context));
        if (options.idempotencyKey !== undefined) {
          headers.set(HEADERS.idempotencyKey, options.idempotencyKey);
        }
        const record = new NatsRecordBuilder(payload).setHeaders(headers).build();
        const deadline = Date.now() + timeoutMs;
        for (
          let delay = FIRST_RESEND_DELAY_MS;
          ;
          delay = Math.min(delay * 2, MAX_RESEND_DELAY_MS)
        ) {
          try {
            return (await firstValueFrom(
              this.client
                .send(contract.subject, record)
                .pipe(timeout(Math.max(deadline - Date.now(), 1))),
            )) as unknown;
          } catch (error) {
            const left = deadline - Date.now();
            const resend =
              error instanceof EmptyResponseException &&
              options.waitForListener !== false &&
              left > MIN_SEND_BUDGET_MS;
            if (!resend) throw this.failure(contract, error, timeoutMs, context.correlationId);
            await sleep(Math.min(delay, left - MIN_SEND_BUDGET_MS));
          }
        }
      },
    );
    if (isReplayedReply(raw)) {
      raw = raw.reply;
      options.onReplayed?.();
    }
    // A reply is read tolerantly: a field a newer replier added is ignored, not an error.
    const reply = safeParseTolerantly(contract.reply, raw);
    if (!reply.success) {
      throw new ServiceError(
        'INTERNAL',
        `The reply to ${contract.subject} does not match its contract`,
        detailsFromZodError(reply.error),
        context.correlationId,
      );
    }
    return reply.data as ReplyOf<C>;
  }

  private failure(
    contract: RequestContract,
    error: unknown,
    timeoutMs: number,
    correlationId: string,
  ): ServiceError {
    if (isErrorEnvelope(error))
      return ServiceError.fromEnvelope({
        ...error,
        correlationId: error.correlationId ?? correlationId,
      });
    if (error instanceof TimeoutError) {
      return new ServiceError(
        'TIMEOUT',
        `No reply to ${contract.subject} within ${timeoutMs} ms: is the ${contract.service} service running and connected to NATS?`,
        [],
        correlationId,
      );
    }
    if (error instanceof EmptyResponseException) {
      // NATS answered that nobody subscribes to the subject, up to the last send.
      return new ServiceError(
        'UNAVAILABLE',
        `No ${contract.service} service is listening on ${contract.subject}: start it, or check that it is connected to the same NATS`,
        [],
        correlationId,
      );
    }
    const reason = error instanceof Error ? error.message : String(error);
    return new ServiceError(
      'UNAVAILABLE',
      `The ${contract.subject} request could not be sent: ${reason}`,
      [],
      correlationId,
    );
  }
}
