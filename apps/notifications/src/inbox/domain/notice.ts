import { createHash } from 'node:crypto';

import { type NotificationKind, type NotificationLink } from '@opencen/contracts';

import { type TextParams } from './notification-texts';

/** Who is told: users by their Keycloak sub, or the supervisors of an office. */
export type Audience =
  | { readonly type: 'users'; readonly users: readonly string[] }
  | { readonly type: 'supervisors'; readonly office: string };

/**
 * Something to tell people, before it is known who exactly and in which language: the id of its
 * notifications (the same for every recipient: each gets the document `<recipient>/<id>`, which
 * is what makes it once per cause and recipient), what it is about, and who is told.
 */
export interface Notice {
  readonly id: string;
  readonly kind: NotificationKind;
  /** The event id it comes from, or the scheduler's key (`task:<case>:<task>:<state>`). */
  readonly cause: string;
  readonly audiences: readonly Audience[];
  readonly link: NotificationLink;
  readonly params: TextParams;
  /** Who caused it (a user's sub or a service): nobody is told of what they did themselves. */
  readonly actor?: string;
}

/** The key of a recipient's notification in the store and the index. */
export function notificationKey(recipient: string, id: string): string {
  return `${recipient}/${id}`;
}

/**
 * Where a notification stands in its recipient's inbox: its creation time in 13 digits of
 * milliseconds, then its id, so that positions sort as text in time order (contracts'
 * NOTIFICATION_POSITION_PATTERN).
 */
export function notificationPosition(createdAt: Date, id: string): string {
  return `${String(createdAt.getTime()).padStart(13, '0')}-${id}`;
}

/** A UUID-shaped id derived from a key: the scheduler's notifications, once per task and state. */
export function idFromKey(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The recipients of a notice, each once, without whoever caused it. */
export function withoutActor(recipients: readonly string[], actor: string | undefined): string[] {
  return [...new Set(recipients)].filter((recipient) => recipient !== actor);
}
