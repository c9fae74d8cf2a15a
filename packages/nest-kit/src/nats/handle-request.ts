import { Logger } from '@nestjs/common';
import {
  Ctx,
  MessagePattern,
  type NatsContext,
  Payload,
  RpcException,
} from '@nestjs/microservices';
import { type RequestContract, detailsFromZodError, safeParseTolerantly } from '@opencen/contracts';
import { type z } from 'zod';
import { type RequestContext, runWithContext } from '../context/request-context';
import { ServiceError, toServiceError } from '../errors/service-error';
import { servedIdempotencyKeys } from '../idempotency/idempotency-keys';
import { replayedReply } from '../idempotency/replayed-reply';
import { natsRequestDuration, natsRequestsTotal } from '../metrics/metrics';
import { SpanKind, extractTraceContext, inSpan } from '../tracing/tracing';
import { contextFromHeaders, idempotencyKeyFromHeaders } from './headers';

/**
 * The shape of a method decorated with {@link HandleRequest}: it receives the validated request
 * and the caller's context, and returns the reply (validated against the contract on the way out).
 */
export type RequestHandler<C extends RequestContract> = (
  request: z.output<C['request']>,
  context: RequestContext,
) => Promise<z.input<C['reply']>>;

const logger = new Logger('HandleRequest');

/**
 * Subscribes the method to the contract's subject (in the service's queue group) and wraps it so
 * that: the request is validated (a bad one is refused with field-level details and never reaches
 * the handler), the handler runs inside the caller's context (logs and outgoing messages carry the
 * correlation id), the reply is checked against the contract (extra fields such as `_id` are
 * stripped), and any error leaves as the contracts' error envelope. A request that carries the
 * client's `Idempotency-Key` (the gateway passes it on creating POSTs) runs once per user and key
 * (IdempotencyKeys): a replay is answered the first reply. Each request is counted and timed per
 * subject and outcome (Prometheus), and traced as a server span continuing the caller's trace (the
 * `traceparent` NATS header).
 *
 * Reply schemas must be plain JSON shapes (no transforms), since the checked reply is what is sent.
 * Decorated methods take no parameter decorators of their own: this one binds (payload, NatsContext).
 */
export function HandleRequest<C extends RequestContract>(contract: C) {
  return <M extends RequestHandler<C>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    const handler = descriptor.value;
    if (!handler) throw new Error(`@HandleRequest(${contract.subject}) must decorate a method`);
    const handle = async function (this: unknown, payload: unknown, nats?: NatsContext) {
      let context: RequestContext | undefined;
      try {
        context = contextFromHeaders(nats?.getHeaders());
        const active = context;
        return await runWithContext(active, async () => {
          const request = contract.request.safeParse(payload);
          if (!request.success) {
            throw ServiceError.validation(
              `The ${contract.subject} request is invalid`,
              detailsFromZodError(request.error),
            );
          }
          const handle = async () => {
            const reply = await handler.call(this, request.data as z.output<C['request']>, active);
            // Replies are not stored: a field the contract lacks is left out rather than refused.
            const checked = safeParseTolerantly(contract.reply, reply);
            if (!checked.success) {
              logger.error(
                { subject: contract.subject, details: detailsFromZodError(checked.error) },
                'The handler produced a reply that breaks its contract',
              );
              throw new ServiceError(
                'INTERNAL',
                `The ${contract.subject} reply broke its contract`,
              );
            }
            return checked.data;
          };
          const key = idempotencyKeyFromHeaders(nats?.getHeaders());
          if (key === undefined || !active.principal) return handle();
          const keys = servedIdempotencyKeys();
          if (!keys) {
            throw new ServiceError(
              'INTERNAL',
              `No idempotency keys are kept for ${contract.subject}`,
            );
          }
          const outcome = await keys.run(
            { user: active.principal.sub, key, subject: contract.subject, request: request.data },
            handle,
          );
          return outcome.replayed ? replayedReply(outcome.reply) : outcome.reply;
        });
      } catch (error) {
        const serviceError = toServiceError(error);
        if (serviceError.code === 'INTERNAL' && !(error instanceof ServiceError)) {
          logger.error(
            { subject: contract.subject, err: error, correlationId: context?.correlationId },
            'Request failed',
          );
        }
        throw new RpcException(serviceError.toEnvelope(context?.correlationId));
      }
    };
    const wrapped = function (this: unknown, payload: unknown, nats?: NatsContext) {
      const stopTimer = natsRequestDuration.startTimer({ subject: contract.subject });
      const attributes = {
        'messaging.system': 'nats',
        'messaging.destination.name': contract.subject,
      };
      const parent = extractTraceContext(nats?.getHeaders());
      return inSpan(
        `${contract.subject} process`,
        { kind: SpanKind.SERVER, attributes, parent },
        async (span) => {
          let outcome = 'ok';
          try {
            return await handle.call(this, payload, nats);
          } catch (error) {
            outcome = outcomeOf(error);
            span.setAttribute('opencen.error_code', outcome);
            throw error;
          } finally {
            natsRequestsTotal.inc({ subject: contract.subject, outcome });
            stopTimer({ outcome });
          }
        },
      );
    };
    descriptor.value = wrapped as unknown as M;
    Payload()(target, key, 0);
    Ctx()(target, key, 1);
    MessagePattern(contract.subject)(target, key, descriptor);
  };
}

/** The error code of a refused request (bounded: the envelope's codes), for metrics and spans. */
function outcomeOf(error: unknown): string {
  const envelope = error instanceof RpcException ? error.getError() : undefined;
  const code = (envelope as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'INTERNAL';
}
