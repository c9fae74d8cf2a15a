import { HEADERS } from '@opencen/contracts';
import { ServiceError, newCorrelationId, runWithContext } from '@opencen/nest-kit';
import { type NextFunction, type Response } from 'express';
import { type GatewayRequest } from './gateway-request';

/**
 * What a client's `X-Correlation-Id` may be (the OpenAPI document says the same): 1 to 128
 * visible ASCII characters, since the id goes into logs and NATS headers as it is.
 */
export const CORRELATION_ID_PATTERN = '^[!-~]{1,128}$';
const VALID_ID = new RegExp(CORRELATION_ID_PATTERN);

/**
 * Settles the correlation id before anything else runs (the body parser may refuse the request
 * before the logging middleware sees it): the client's `X-Correlation-Id`, or a new UUID when it
 * sent none. One that breaks the documented rule is refused with a 400 naming the header (under a
 * new id), rather than silently replaced: the client would otherwise look for its own id in vain.
 * The id is written back into the request header so that the logging middleware picks the same
 * one, and returned on the response.
 */
export function correlationIdMiddleware(req: GatewayRequest, res: Response, next: NextFunction) {
  const incoming = req.headers[HEADERS.correlationId];
  const usable = typeof incoming === 'string' && VALID_ID.test(incoming);
  const id = usable ? incoming : newCorrelationId();
  req.headers[HEADERS.correlationId] = id;
  req.id = id;
  res.setHeader(HEADERS.correlationId, id);
  // Every log line written while handling the request, the access log included, carries the id.
  runWithContext({ correlationId: id }, () =>
    incoming === undefined || usable
      ? next()
      : next(
          ServiceError.validation('The X-Correlation-Id header is not usable', [
            { path: 'X-Correlation-Id', reason: 'must be 1 to 128 visible ASCII characters' },
          ]),
        ),
  );
}
