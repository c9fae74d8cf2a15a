/**
 * Contracts of the notifications service: what an officer's inbox holds, how it is read and
 * marked read, each user's preferences per kind of notification, the event that says a
 * notification was created (the e-mail sender and webhooks consume it), and the core NATS subject
 * on which each new notification is pushed live to whoever streams that user's inbox.
 *
 * A notification never carries nominal data: its text names a case number or an alert id, never a
 * person, so that it may leave the system (by e-mail) as it is.
 */
import { z } from 'zod';

import { type EventContract, defineEvent } from '../events';
import { type RequestContract, defineRequest } from '../requests';
import { languageSchema } from '../reference/reference.contracts';

/** What a notification is about; each user chooses per kind how they are told. */
export const NOTIFICATION_KINDS = [
  'watchlist-hit',
  'case-assigned',
  'case-rejected',
  'case-submitted',
  'task-due',
  'task-overdue',
  'account-inactivity',
  'message-posted',
  'rule-match',
  'webhook-disabled',
] as const;
export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

/**
 * How a user is told: in the application (inbox and live stream), by e-mail (one per
 * notification), or in a daily e-mail digest (the day's notifications of the kinds with `digest`).
 */
export const NOTIFICATION_CHANNELS = ['in-app', 'email', 'digest'] as const;
export const notificationChannelSchema = z.enum(NOTIFICATION_CHANNELS);
export type NotificationChannel = z.infer<typeof notificationChannelSchema>;

/** The channels of one kind, without duplicates; none means off. */
export const notificationChannelsSchema = z
  .array(notificationChannelSchema)
  .max(NOTIFICATION_CHANNELS.length)
  .refine((channels) => new Set(channels).size === channels.length, {
    message: 'a channel is listed twice',
  })
  // The refinement, said in the JSON Schema too.
  .meta({ uniqueItems: true });

/**
 * What a notification leads to: a case, an alert, a conversation, the user's own account, or a
 * person, company or conveyance (an analytic rule's match).
 */
export const NOTIFICATION_TARGETS = [
  'case',
  'alert',
  'conversation',
  'account',
  'person',
  'company',
  'conveyance',
] as const;
export const notificationLinkSchema = z.object({
  type: z.enum(NOTIFICATION_TARGETS),
  id: z.string().min(1).max(64),
  /** The case number when the target is a case: what the text names. */
  label: z.string().min(1).max(64).optional(),
});
export type NotificationLink = z.infer<typeof notificationLinkSchema>;

/**
 * Where a notification stands in its recipient's inbox: 13 digits of milliseconds since the epoch,
 * `-`, and its id. Ordered as text; the live stream's `id:` and the list's cursor.
 */
export const NOTIFICATION_POSITION_PATTERN = /^\d{13}-[A-Za-z0-9-]{1,64}$/;
export const notificationPositionSchema = z
  .string()
  .regex(NOTIFICATION_POSITION_PATTERN, 'a position looks like 1765123456789-<id>');

/** The id of a notification within its recipient's inbox (the event that caused it, a UUID). */
const notificationId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'a notification id');

/** A notification as its recipient reads it. */
export const notificationSchema = z.object({
  id: notificationId,
  kind: notificationKindSchema,
  /** Short, in the recipient's language, without nominal data. */
  text: z.string(),
  language: languageSchema,
  link: notificationLinkSchema,
  read: z.boolean(),
  readAt: z.iso.datetime({ offset: true }).optional(),
  createdAt: z.iso.datetime({ offset: true }),
  position: notificationPositionSchema,
});
export type Notification = z.infer<typeof notificationSchema>;

/** A user's preferences: the channels of every kind. */
export const notificationPreferencesSchema = z.object(
  Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, notificationChannelsSchema])) as {
    [K in NotificationKind]: typeof notificationChannelsSchema;
  },
);
export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;

/** What a user has not chosen: in the application only. */
export const DEFAULT_NOTIFICATION_CHANNELS: readonly NotificationChannel[] = ['in-app'];

export const NOTIFICATION_PAGE_MAX = 100;

export const listNotifications = defineRequest({
  service: 'notifications',
  aggregate: 'notification',
  verb: 'list',
  description:
    "The caller's own notifications, newest first, a page at a time: `cursor` is the `nextCursor` of the page before; only the unread ones with unreadOnly.",
  request: z.strictObject({
    unreadOnly: z.boolean().default(false),
    cursor: notificationPositionSchema.optional(),
    limit: z.number().int().min(1).max(NOTIFICATION_PAGE_MAX).default(20),
  }),
  reply: z.object({
    items: z.array(notificationSchema),
    /** Where the next page starts; absent on the last page. */
    nextCursor: notificationPositionSchema.optional(),
  }),
});

export const countUnreadNotifications = defineRequest({
  service: 'notifications',
  aggregate: 'notification',
  verb: 'count-unread',
  description: "How many of the caller's notifications are unread.",
  request: z.strictObject({}),
  reply: z.object({ unread: z.number().int().min(0) }),
});

export const markNotificationRead = defineRequest({
  service: 'notifications',
  aggregate: 'notification',
  verb: 'mark-read',
  description:
    "Marks one of the caller's notifications read (again: no change). NOT_FOUND for another user's.",
  request: z.strictObject({ id: notificationId }),
  reply: notificationSchema,
});

export const markAllNotificationsRead = defineRequest({
  service: 'notifications',
  aggregate: 'notification',
  verb: 'mark-all-read',
  description: 'Marks every unread notification of the caller read; answers how many it marked.',
  request: z.strictObject({}),
  reply: z.object({ marked: z.number().int().min(0) }),
});

export const NOTIFICATIONS_SINCE_MAX = 500;

export const notificationsSince = defineRequest({
  service: 'notifications',
  aggregate: 'notification',
  verb: 'since',
  description:
    "The caller's in-app notifications after a position, oldest first (the live stream's resume after Last-Event-ID): every notification stored before the request is answered, so a stream subscribed before asking misses nothing.",
  request: z.strictObject({
    after: notificationPositionSchema,
    limit: z.number().int().min(1).max(NOTIFICATIONS_SINCE_MAX).default(100),
  }),
  reply: z.object({
    items: z.array(notificationSchema),
    /** More came after the last item than the limit let through: ask again from it. */
    more: z.boolean(),
  }),
});

export const getNotificationPreferences = defineRequest({
  service: 'notifications',
  aggregate: 'preference',
  verb: 'get',
  description: "The caller's channels for every kind of notification (in-app by default).",
  request: z.strictObject({}),
  reply: notificationPreferencesSchema,
});

export const setNotificationPreferences = defineRequest({
  service: 'notifications',
  aggregate: 'preference',
  verb: 'set',
  description:
    "Sets the caller's channels for the kinds given (an empty list turns a kind off); the others stay. Answers every kind's.",
  request: z.strictObject(
    Object.fromEntries(
      NOTIFICATION_KINDS.map((kind) => [kind, notificationChannelsSchema.optional()]),
    ) as { [K in NotificationKind]: z.ZodOptional<typeof notificationChannelsSchema> },
  ),
  reply: notificationPreferencesSchema,
});

export const notificationRequestContracts: readonly RequestContract[] = [
  listNotifications,
  countUnreadNotifications,
  markNotificationRead,
  markAllNotificationsRead,
  notificationsSince,
  getNotificationPreferences,
  setNotificationPreferences,
];

/** What the events of a notification carry; their `subject` is `<recipient>/<id>`. */
const notificationEventBase = {
  notificationId,
  /** The recipient's Keycloak sub. */
  recipient: z.string().min(1).max(64),
  kind: notificationKindSchema,
};

export const notificationCreated = defineEvent({
  service: 'notifications',
  aggregate: 'notification',
  verb: 'created',
  version: 1,
  description:
    "A notification was created for a recipient, with the channels their preferences give its kind: the e-mail sender sends those with `email` and lists those with `digest` in the day's digest. Its text names no person.",
  data: z.object({
    ...notificationEventBase,
    channels: z.array(notificationChannelSchema),
    language: languageSchema,
    text: z.string(),
    link: notificationLinkSchema,
    position: notificationPositionSchema,
    /** The event it was made from, or the scheduler's key (`task:<case>:<task>:<state>`). */
    cause: z.string().min(1),
  }),
});

export const notificationRead = defineEvent({
  service: 'notifications',
  aggregate: 'notification',
  verb: 'read',
  version: 1,
  description: 'A recipient read a notification (marked it read).',
  data: z.object(notificationEventBase),
});

export const notificationEventContracts: readonly EventContract[] = [
  notificationCreated,
  notificationRead,
];

/** First tokens of the core NATS subjects that push notifications live, one per recipient. */
export const LIVE_NOTIFICATIONS_PREFIX = 'notifications.live';

/**
 * The core NATS subject on which the notifications service pushes each new in-app notification of
 * `recipient` (a Keycloak sub) once it is stored: any gateway replica streaming that user's inbox
 * subscribes to it. Not JetStream: what a stream missed while away it asks for with
 * {@link notificationsSince}.
 */
export function liveNotificationsSubject(recipient: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(recipient)) {
    throw new Error(`Not a recipient that can name a subject: ${JSON.stringify(recipient)}`);
  }
  return `${LIVE_NOTIFICATIONS_PREFIX}.${recipient}`;
}
