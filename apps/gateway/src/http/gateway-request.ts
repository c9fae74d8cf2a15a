import { HEADERS, type Principal } from '@opencen/contracts';
import { type RequestContext, newCorrelationId } from '@opencen/nest-kit';
import { type Request, type Response } from 'express';

/** An HTTP request once the gateway's guards have seen it. */
export interface GatewayRequest extends Request {
  /** Set by the auth guard once the bearer token is verified. */
  principal?: Principal;
  /** The client application the token was issued to (its `azp`), when it names one. */
  clientId?: string;
}

/**
 * The correlation id of a request, as settled by correlationIdMiddleware (and pino-http, which
 * keeps it as `req.id`) and already returned in `X-Correlation-Id`. A request that never went
 * through them gets one here, so every response carries one.
 */
export function correlationIdOf(req: GatewayRequest, res: Response): string {
  if (typeof req.id === 'string' && req.id.length > 0) return req.id;
  const header = res.getHeader(HEADERS.correlationId);
  if (typeof header === 'string' && header.length > 0) return header;
  const generated = newCorrelationId();
  req.id = generated;
  if (!res.headersSent) res.setHeader(HEADERS.correlationId, generated);
  return generated;
}

/** The context that travels with the NATS request: who asks, and the correlation id. */
export function requestContextOf(req: GatewayRequest, res: Response): RequestContext {
  return {
    correlationId: correlationIdOf(req, res),
    ...(req.principal ? { principal: req.principal } : {}),
  };
}

/** The request path without its query string, for a problem's `instance`. */
export function requestPath(req: Request): string {
  const url = req.originalUrl ?? req.url ?? '/';
  const end = url.indexOf('?');
  return end === -1 ? url : url.slice(0, end);
}
