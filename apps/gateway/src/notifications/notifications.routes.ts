import {
  countUnreadNotifications,
  getNotificationPreferences,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  notificationsSince,
  setNotificationPreferences,
} from '@opencen/contracts';
import { z } from 'zod';

import { contractRoute } from '../http/contract-route';
import { streamNotifications } from './notifications.handlers';

const BASE = '/api/v1/notifications';

/**
 * The caller's own notifications (any authenticated user; nobody reads another's): the inbox a
 * page at a time, the unread count, marking read, the preferences per kind, and the live stream.
 */
export const notificationRoutes = {
  list: contractRoute({
    operationId: 'listNotifications',
    method: 'GET',
    path: BASE,
    contract: listNotifications,
    summary: 'My notifications, newest first (cursor pages; only the unread with unreadOnly=true)',
    input: 'query',
    status: 200,
  }),
  unreadCount: contractRoute({
    operationId: 'countUnreadNotifications',
    method: 'GET',
    path: `${BASE}/unread-count`,
    contract: countUnreadNotifications,
    summary: 'How many of my notifications are unread',
    input: 'query',
    status: 200,
  }),
  markRead: contractRoute({
    operationId: 'markNotificationRead',
    method: 'POST',
    path: `${BASE}/:id/read`,
    contract: markNotificationRead,
    summary: 'Mark one of my notifications read',
    input: 'body',
    status: 200,
  }),
  markAllRead: contractRoute({
    operationId: 'markAllNotificationsRead',
    method: 'POST',
    path: `${BASE}/read-all`,
    contract: markAllNotificationsRead,
    summary: 'Mark all my notifications read',
    input: 'body',
    status: 200,
  }),
  preferences: contractRoute({
    operationId: 'getNotificationPreferences',
    method: 'GET',
    path: `${BASE}/preferences`,
    contract: getNotificationPreferences,
    summary: 'My channels for each kind of notification (in-app, email, digest; none: off)',
    input: 'query',
    status: 200,
  }),
  setPreferences: contractRoute({
    operationId: 'setNotificationPreferences',
    method: 'PUT',
    path: `${BASE}/preferences`,
    contract: setNotificationPreferences,
    summary: 'Set my channels for the kinds given (the others stay)',
    input: 'body',
    status: 200,
  }),
  stream: contractRoute({
    operationId: 'streamNotifications',
    method: 'GET',
    path: `${BASE}/stream`,
    contract: notificationsSince,
    clientRequest: {
      schema: z.object({}),
      toContract: () => {
        throw new Error('The stream sends its own requests');
      },
    },
    summary: 'My notifications live, as Server-Sent Events',
    description:
      "A `text/event-stream` of the caller's new notifications: each is an event `notification` whose `id:` is its position and whose data is the notification (JSON); a comment `: heartbeat` comes every 15 s. After a disconnect, send `Last-Event-ID` (browsers' EventSource does): what came after it is sent first, then the live ones, none twice. EventSource cannot set headers: the token may then be given as `?access_token=<token>` (taken out of the URL before anything logs it). Any gateway replica serves any user (the service pushes over NATS).",
    input: 'query',
    status: 200,
    successDescription: 'The stream (it stays open)',
    files: { download: { contentTypes: ['text/event-stream'] } },
    handler: streamNotifications,
  }),
};
