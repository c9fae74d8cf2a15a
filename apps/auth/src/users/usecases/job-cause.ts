import { currentContext, newCorrelationId } from '@opencen/nest-kit';

import { type EventCause } from './managed-users';

/** The cause of what the service's own jobs do: the service, in the pass's correlation. */
export function jobCause(): EventCause {
  return { actor: 'auth', correlationId: currentContext()?.correlationId ?? newCorrelationId() };
}
