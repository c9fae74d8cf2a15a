import { type NextFunction, type Request, type Response } from 'express';

/** The one route that takes its token from the URL: browsers' EventSource cannot set headers. */
const STREAM_PATH = '/api/v1/notifications/stream';

/**
 * On the notification stream only, `?access_token=<token>` becomes `Authorization: Bearer <token>`
 * (unless the request has one) and is taken out of the URL, so that the token is checked like any
 * other and no log line (they record the URL) ever holds it.
 */
export function tokenFromQuery(req: Request, _res: Response, next: NextFunction): void {
  const url = req.url ?? '';
  const queryAt = url.indexOf('?');
  if (queryAt === -1 || url.slice(0, queryAt) !== STREAM_PATH) {
    next();
    return;
  }
  const query = new URLSearchParams(url.slice(queryAt + 1));
  const token = query.get('access_token');
  if (token === null) {
    next();
    return;
  }
  query.delete('access_token');
  const rest = query.toString();
  req.url = `${STREAM_PATH}${rest ? `?${rest}` : ''}`;
  req.originalUrl = req.url;
  if (req.headers.authorization === undefined) req.headers.authorization = `Bearer ${token}`;
  next();
}
