import { Injectable } from '@nestjs/common';
import { type EventOf, type Notification, type notificationCreated } from '@opencen/contracts';

import { LiveNotifications } from './ports';

/** The notification a created event announces, as its recipient reads it when it is new. */
export function liveNotificationOf(event: EventOf<typeof notificationCreated>): Notification {
  const { notificationId, kind, text, language, link, position } = event.data;
  return {
    id: notificationId,
    kind,
    text,
    language,
    link,
    read: false,
    createdAt: event.time,
    position,
  };
}

/**
 * Pushes each new in-app notification live once its created event is on the stream: a stream
 * that resumes asks the index, which answers once it holds every event published before the
 * question, so whatever was pushed before is found there, whichever replica stored it. Events
 * come in stream order, one recipient's in the order of their positions.
 */
@Injectable()
export class PushLiveNotifications {
  constructor(private readonly live: LiveNotifications) {}

  execute(event: EventOf<typeof notificationCreated>): void {
    if (!event.data.channels.includes('in-app')) return;
    this.live.push(event.data.recipient, liveNotificationOf(event));
  }
}
