import { SpanKind, SpanStatusCode, context, propagation } from '@opentelemetry/api';
import { type NextFunction, type Request, type Response } from 'express';
import { startSpan } from '../tracing/tracing';
import { httpRequestDuration, httpRequestsTotal } from './metrics';

/** The label of a request that no route answered (the web app's files, a 404). */
const NO_ROUTE = '(none)';

/**
 * Express middleware of the gateway: counts and times each request by method, route template
 * (`/api/v1/cases/:id`, never the path: ids and search words would make unbounded series and put
 * personal data into metrics) and status, and traces it as a server span that continues the
 * client's `traceparent` and is the parent of the NATS requests made for it. Register it first.
 */
export function httpObserver(req: Request, res: Response, next: NextFunction): void {
  const stopTimer = httpRequestDuration.startTimer();
  const parent = propagation.extract(context.active(), req.headers);
  const { span, context: traceContext } = startSpan(req.method, {
    kind: SpanKind.SERVER,
    attributes: { 'http.request.method': req.method },
    parent,
  });
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    const route = routeOf(req);
    const status = res.headersSent ? res.statusCode : 499;
    httpRequestsTotal.inc({ method: req.method, route, status: String(status) });
    stopTimer({ method: req.method, route, status_class: `${Math.floor(status / 100)}xx` });
    span.updateName(`${req.method} ${route}`);
    span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  res.once('finish', finish);
  res.once('close', finish);
  context.with(traceContext, next);
}

/** The template of the route that answered, as registered (`/api/v1/cases/:id`). */
function routeOf(req: Request): string {
  const template = (req.route as { path?: unknown } | undefined)?.path;
  return typeof template === 'string' ? `${req.baseUrl ?? ''}${template}` : NO_ROUTE;
}
