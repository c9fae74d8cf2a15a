import { HEADERS } from '@opencen/contracts';
import { newCorrelationId, runWithContext } from '@opencen/nest-kit';
import { type NextFunction, type Response } from 'express';
import { type GatewayRequest } from './gateway-request';

// Visible ASCII only: the id goes into logs and NATS headers as it is.
const VALID_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * Settles the correlation id before anything else runs (the body parser may refuse the request
 * before the logging middleware sees it): the client's `X-Correlation-Id` when it is usable, a new
 * UUID otherwise. It is written back into the request header so that the logging middleware picks
 * the same id, and returned on the response.
 */
export function correlationIdMiddleware(req: GatewayRequest, res: Response, next: NextFunction) {
  const incoming = req.headers[HEADERS.correlationId];
  const id =
    typeof incoming === 'string' && VALID_ID.test(incoming) ? incoming : newCorrelationId();
  req.headers[HEADERS.correlationId] = id;
  req.id = id;
  res.setHeader(HEADERS.correlationId, id);
  // Every log line written while handling the request, the access log included, carries the id.
  runWithContext({ correlationId: id }, next);
}
