import {
  type CloudEvent,
  type EventContract,
  type EventDataInputOf,
  buildEvent,
} from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

/** An event about a conversation (its subject), caused by the request in `context`. */
export function conversationEvent<C extends EventContract>(
  contract: C,
  conversationId: string,
  data: EventDataInputOf<C>,
  context: RequestContext,
  at: Date,
): CloudEvent {
  return buildEvent(contract, {
    subject: conversationId,
    data,
    correlationId: context.correlationId,
    ...(context.causationId ? { causationId: context.causationId } : {}),
    actor: context.principal?.sub ?? 'notifications',
    time: at,
  }) as CloudEvent;
}
