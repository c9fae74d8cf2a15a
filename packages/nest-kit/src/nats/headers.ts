import { HEADERS, decodePrincipalHeader, encodePrincipalHeader } from '@opencen/contracts';
import { type MsgHdrs, headers as natsHeaders } from 'nats';
import { type RequestContext, newCorrelationId } from '../context/request-context';
import { ServiceError } from '../errors/service-error';

/** NATS headers that carry the caller and the correlation chain to the next service. */
export function contextHeaders(context: RequestContext): MsgHdrs {
  const headers = natsHeaders();
  headers.set(HEADERS.correlationId, context.correlationId);
  if (context.causationId) headers.set(HEADERS.causationId, context.causationId);
  if (context.principal) headers.set(HEADERS.principal, encodePrincipalHeader(context.principal));
  return headers;
}

/** The client's `Idempotency-Key` of the incoming request, if the gateway passed one. */
export function idempotencyKeyFromHeaders(headers: MsgHdrs | undefined): string | undefined {
  return headers?.get(HEADERS.idempotencyKey) || undefined;
}

/**
 * Reads the request context from incoming NATS headers. A missing correlation id gets a new one;
 * a principal header that does not decode is refused, since acting on it would mean acting as
 * nobody in particular.
 */
export function contextFromHeaders(headers: MsgHdrs | undefined): RequestContext {
  const correlationId = headers?.get(HEADERS.correlationId) || newCorrelationId();
  const causationId = headers?.get(HEADERS.causationId) || undefined;
  const encodedPrincipal = headers?.get(HEADERS.principal);
  if (!encodedPrincipal) return { correlationId, causationId };
  try {
    return { correlationId, causationId, principal: decodePrincipalHeader(encodedPrincipal) };
  } catch {
    throw new ServiceError(
      'UNAUTHENTICATED',
      `The ${HEADERS.principal} header is not a valid principal`,
      [],
      correlationId,
    );
  }
}
