import { Injectable } from '@nestjs/common';
import { type Notification, buildEvent, notificationRead } from '@opencen/contracts';
import { Clock, type RequestContext, ServiceError } from '@opencen/nest-kit';

import { notificationKey } from '../domain/notice';
import { inboxOwner } from './inbox-reader';
import { NotificationStore, type StoredNotification } from './ports';
import { toNotification } from './to-notification';

/** Marks one of the caller's notifications read; one already read is answered as it is. */
@Injectable()
export class MarkRead {
  constructor(
    private readonly store: NotificationStore,
    private readonly clock: Clock,
  ) {}

  async execute(command: { id: string; context: RequestContext }): Promise<Notification> {
    const owner = inboxOwner(command.context, 'Notifications');
    const notification = await this.store.get(owner.sub, command.id);
    // Another user's notification is not found: nobody learns what is in someone else's inbox.
    if (!notification) throw ServiceError.notFound(`No notification ${command.id} of yours`);
    if (notification.read) return toNotification(notification);
    return toNotification(
      await markRead(this.store, notification, this.clock.now(), command.context),
    );
  }
}

/** Marks a stored notification read at `at`, with its read event. */
export async function markRead(
  store: NotificationStore,
  notification: StoredNotification,
  at: Date,
  context: RequestContext,
): Promise<StoredNotification> {
  const event = buildEvent(notificationRead, {
    subject: notificationKey(notification.recipient, notification.id),
    data: {
      notificationId: notification.id,
      recipient: notification.recipient,
      kind: notification.kind,
    },
    correlationId: context.correlationId,
    ...(context.causationId ? { causationId: context.causationId } : {}),
    actor: notification.recipient,
    time: at,
  });
  await store.markRead(notification, at, event);
  return { ...notification, read: true, readAt: at, version: notification.version + 1 };
}
