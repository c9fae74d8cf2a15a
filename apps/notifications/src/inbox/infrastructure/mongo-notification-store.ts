import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  type CloudEvent,
  type Language,
  type NotificationChannel,
  type NotificationKind,
  type NotificationLink,
} from '@opencen/contracts';
import { EventBus, ServiceError, WITHOUT_OUTBOX, isDuplicateKeyError } from '@opencen/nest-kit';
import { Model } from 'mongoose';

import { notificationKey } from '../domain/notice';
import { NotificationStore, type StoredNotification } from '../usecases/ports';
import {
  NOTIFICATION_MODEL,
  NOTIFICATIONS_COLLECTION,
  type NotificationDocument,
} from './notification.schema';

type Stored = Omit<NotificationDocument, 'outbox'>;

export function toStoredNotification(document: Stored): StoredNotification {
  return {
    recipient: document.recipient,
    id: document.id,
    kind: document.kind as NotificationKind,
    text: document.text,
    language: document.language as Language,
    link: {
      type: document.link.type as NotificationLink['type'],
      id: document.link.id,
      ...(document.link.label ? { label: document.link.label } : {}),
    },
    channels: document.channels as NotificationChannel[],
    read: document.read,
    ...(document.readAt ? { readAt: document.readAt } : {}),
    createdAt: document.createdAt,
    position: document.position,
    cause: document.cause,
    version: document.version,
  };
}

/** The notifications in MongoDB, by key, each write with its events (the outbox). */
@Injectable()
export class MongoNotificationStore extends NotificationStore {
  constructor(
    @InjectModel(NOTIFICATION_MODEL) private readonly notifications: Model<NotificationDocument>,
    private readonly events: EventBus,
  ) {
    super();
  }

  async insert(
    notification: StoredNotification,
    event: CloudEvent,
  ): Promise<{ stored: boolean; notification: StoredNotification }> {
    const _id = notificationKey(notification.recipient, notification.id);
    try {
      await this.events.insertWithEvents(
        NOTIFICATIONS_COLLECTION,
        {
          _id,
          ...notification,
          link: { ...notification.link },
          channels: [...notification.channels],
        },
        [event],
        (document) => this.notifications.collection.insertOne(document as never),
      );
      return { stored: true, notification };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await this.get(notification.recipient, notification.id);
      if (!existing) throw error;
      return { stored: false, notification: existing };
    }
  }

  async get(recipient: string, id: string): Promise<StoredNotification | null> {
    const document = await this.notifications
      .findById(notificationKey(recipient, id), WITHOUT_OUTBOX)
      .lean<Stored>();
    return document ? toStoredNotification(document) : null;
  }

  async markRead(notification: StoredNotification, at: Date, event: CloudEvent): Promise<void> {
    try {
      await this.events.updateVersioned(
        this.notifications,
        notificationKey(notification.recipient, notification.id),
        notification.version,
        { $set: { read: true, readAt: at } },
        [event],
      );
    } catch (error) {
      // Marked meanwhile (another tab): reading is the only change a notification has.
      if (error instanceof ServiceError && error.code === 'CONFLICT') return;
      throw error;
    }
  }
}
