import {
  NOTIFICATION_POSITION_PATTERN,
  type Notification,
  notificationsSince,
} from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';

import {
  type RouteExchange,
  type RouteHandler,
  answer,
  readContractRequest,
} from '../http/contract-route';

/** Ids a stream remembers having sent, to drop what the resume and the live feed both bring. */
const REMEMBERED_IDS = 1000;

/**
 * `GET /api/v1/notifications/stream`: the caller's notifications as Server-Sent Events. Each is an
 * event `notification` whose `id:` is its position (time-ordered); a comment every heartbeat keeps
 * proxies from closing the stream. The live feed is subscribed first; then, with `Last-Event-ID`,
 * what came after that position is asked of the service and sent, oldest first; then what the
 * live feed brought meanwhile, without what was already sent: no gap, no double.
 */
export const streamNotifications: RouteHandler = async ({
  route,
  req,
  res,
  caller,
  client,
  logger,
  live,
}: RouteExchange): Promise<void> => {
  if (!live) throw new Error('The notification stream needs the live feed');
  readContractRequest(route, req);
  const user = req.principal?.sub;
  if (!user) throw new ServiceError('UNAUTHENTICATED', 'Send a bearer token');
  const lastEventId = req.headers['last-event-id'];
  if (lastEventId !== undefined && !NOTIFICATION_POSITION_PATTERN.test(String(lastEventId))) {
    throw ServiceError.validation('Last-Event-ID is not a notification position', [
      { path: 'Last-Event-ID', reason: 'Expected the id of an event this stream sent' },
    ]);
  }

  // Set once the client is gone: nothing is written to a closed connection.
  let gone = false;
  const sent: string[] = [];
  const send = (notification: Notification) => {
    if (gone || sent.includes(notification.id) || res.writableEnded) return;
    sent.push(notification.id);
    if (sent.length > REMEMBERED_IDS) sent.shift();
    res.write(
      `id: ${notification.position}\nevent: notification\ndata: ${JSON.stringify(notification)}\n\n`,
    );
  };
  let waiting: Notification[] | undefined = [];
  const subscription = await live.subscribe(user, (notification) => {
    if (waiting) waiting.push(notification);
    else send(notification);
  });

  // Comments keep proxies from closing an idle stream; none before the headers are sent.
  const heartbeat = setInterval(() => {
    if (!gone && res.headersSent && !res.writableEnded) res.write(': heartbeat\n\n');
  }, live.heartbeatMs);
  heartbeat.unref();
  const closed = new Promise<void>((resolve) => {
    const close = () => {
      gone = true;
      clearInterval(heartbeat);
      subscription.close();
      resolve();
    };
    // The response closes when the client goes (or the server ends it); the request's own close
    // event only says its body was read.
    res.on('close', close);
  });

  try {
    let after = lastEventId === undefined ? undefined : String(lastEventId);
    const missed: Notification[] = [];
    while (after !== undefined) {
      const page = await client.send(
        notificationsSince,
        { after, limit: 100 },
        { context: caller },
      );
      missed.push(...page.items);
      after = page.more ? page.items[page.items.length - 1]?.position : undefined;
    }
    if (gone) return;
    answer(route, res, undefined);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write(`retry: 3000\n: connected\n\n`);
    missed.forEach(send);
    const meanwhile = waiting.sort((a, b) => (a.position < b.position ? -1 : 1));
    waiting = undefined;
    meanwhile.forEach(send);
  } catch (error) {
    clearInterval(heartbeat);
    subscription.close();
    throw error;
  }
  logger.debug({ user }, 'notification stream open');
  await closed;
  if (!res.writableEnded) res.end();
};
