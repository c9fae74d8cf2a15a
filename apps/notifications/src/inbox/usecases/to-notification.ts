import { type Notification } from '@opencen/contracts';

import { type StoredNotification } from './ports';

/** A stored notification as its recipient reads it. */
export function toNotification(stored: StoredNotification): Notification {
  return {
    id: stored.id,
    kind: stored.kind,
    text: stored.text,
    language: stored.language,
    link: { ...stored.link },
    read: stored.read,
    ...(stored.readAt ? { readAt: stored.readAt.toISOString() } : {}),
    createdAt: stored.createdAt.toISOString(),
    position: stored.position,
  };
}
