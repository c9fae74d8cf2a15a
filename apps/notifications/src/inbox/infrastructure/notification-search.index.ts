import { notificationCreated, notificationRead } from '@opencen/contracts';
import {
  type ProjectedDocument,
  type ReindexSource,
  type SearchIndexDefinition,
  type SearchProjection,
  WITHOUT_OUTBOX,
} from '@opencen/nest-kit';
import { type Model } from 'mongoose';

import { NOTIFICATIONS_COLLECTION, type NotificationDocument } from './notification.schema';

const KEYWORD = { type: 'keyword' } as const;

/**
 * What an inbox is listed, paged and counted by; the notifications themselves (their text) are read
 * from the store by key.
 */
export const NOTIFICATIONS_INDEX: SearchIndexDefinition = {
  alias: 'notifications',
  version: 1,
  settings: { number_of_shards: 1, number_of_replicas: 0 },
  mappings: {
    dynamic: 'strict',
    properties: {
      // Every query: one recipient's inbox.
      recipient: KEYWORD,
      id: KEYWORD,
      kind: KEYWORD,
      // The unread filter and the unread count.
      read: { type: 'boolean' },
      // Inbox and live stream list the in-app ones only.
      inApp: { type: 'boolean' },
      createdAt: { type: 'date' },
      // The order of an inbox and its cursors (newest first; after a position for a resume).
      position: KEYWORD,
    },
  },
};

/** The index document of a stored notification, under its key and version. */
export function notificationSearchDocument(
  document: Omit<NotificationDocument, 'outbox'>,
): ProjectedDocument {
  return {
    id: document._id,
    version: document.version,
    document: {
      recipient: document.recipient,
      id: document.id,
      kind: document.kind,
      read: document.read,
      inApp: document.channels.includes('in-app'),
      createdAt: document.createdAt,
      position: document.position,
    },
  };
}

/** The index fed by the notifications' own events, each read by key from the store. */
export function notificationsProjection(
  notifications: Model<NotificationDocument>,
): SearchProjection {
  return {
    durable: 'notifications-search',
    index: NOTIFICATIONS_INDEX,
    events: [notificationCreated, notificationRead],
    load: async (key) => {
      const document = await notifications
        .findById(key, WITHOUT_OUTBOX)
        .lean<Omit<NotificationDocument, 'outbox'>>();
      return document ? notificationSearchDocument(document) : null;
    },
  };
}

/** How the reindex command rebuilds the index from the store. */
export const NOTIFICATIONS_REINDEX: ReindexSource = {
  index: NOTIFICATIONS_INDEX,
  collection: NOTIFICATIONS_COLLECTION,
  documentOf: (stored) =>
    notificationSearchDocument(stored as unknown as Omit<NotificationDocument, 'outbox'>),
};
