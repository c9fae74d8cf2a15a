import { Injectable } from '@nestjs/common';
import { buildEvent, notificationCreated } from '@opencen/contracts';
import { Clock, currentContext, newCorrelationId } from '@opencen/nest-kit';

import { type Notice, notificationKey, notificationPosition, withoutActor } from '../domain/notice';
import { notificationText } from '../domain/notification-texts';
import {
  ChannelPreferences,
  LiveNotifications,
  NotificationStore,
  type Recipient,
  Recipients,
} from './ports';
import { toNotification } from './to-notification';

/** What a delivery did, for logs and tests. */
export interface Delivery {
  /** Recipients whose notification was stored now. */
  readonly stored: string[];
  /** Recipients who had it already (a redelivered event, a second pass). */
  readonly existing: string[];
  /** Recipients who turned the kind off. */
  readonly off: string[];
}

/**
 * Turns a notice into one notification per recipient: who the audiences are (the auth service),
 * each one's channels for the kind (nobody whose kind is off), the text in their language, stored
 * under `<recipient>/<notice id>` with its created event (a second delivery of the same notice
 * finds it and stores nothing), the events published, then each in-app one pushed live. One found
 * already stored is pushed again: its first push may have been lost in a crash, and the stream
 * drops what it has sent.
 */
@Injectable()
export class DeliverNotice {
  constructor(
    private readonly recipients: Recipients,
    private readonly preferences: ChannelPreferences,
    private readonly store: NotificationStore,
    private readonly live: LiveNotifications,
    private readonly clock: Clock,
  ) {}

  async execute(notice: Notice): Promise<Delivery> {
    const recipients = await this.resolve(notice);
    const delivery: Delivery = { stored: [], existing: [], off: [] };
    const toPush = [];
    for (const recipient of recipients) {
      const channels = await this.preferences.channelsOf(recipient.id, notice.kind);
      if (channels.length === 0) {
        delivery.off.push(recipient.id);
        continue;
      }
      const createdAt = this.clock.now();
      const text = notificationText(notice.kind, recipient.language, notice.params);
      const position = notificationPosition(createdAt, notice.id);
      const context = currentContext();
      const event = buildEvent(notificationCreated, {
        subject: notificationKey(recipient.id, notice.id),
        data: {
          notificationId: notice.id,
          recipient: recipient.id,
          kind: notice.kind,
          channels: [...channels],
          language: recipient.language,
          text,
          link: notice.link,
          position,
          cause: notice.cause,
        },
        correlationId: context?.correlationId ?? newCorrelationId(),
        causationId: notice.cause,
        actor: 'notifications',
        time: createdAt,
      });
      const { stored, notification } = await this.store.insert(
        {
          recipient: recipient.id,
          id: notice.id,
          kind: notice.kind,
          text,
          language: recipient.language,
          link: notice.link,
          channels,
          read: false,
          createdAt,
          position,
          cause: notice.cause,
          version: 1,
        },
        event,
      );
      (stored ? delivery.stored : delivery.existing).push(recipient.id);
      if (notification.channels.includes('in-app')) toPush.push(notification);
    }
    if (toPush.length > 0) {
      // Published before pushed: a stream that resumes after it finds it in the index.
      await this.store.publishPending();
      for (const notification of toPush) {
        this.live.push(notification.recipient, toNotification(notification));
      }
    }
    return delivery;
  }

  private async resolve(notice: Notice): Promise<Recipient[]> {
    const found = (await Promise.all(notice.audiences.map((a) => this.recipients.of(a)))).flat();
    const byId = new Map(found.map((recipient) => [recipient.id, recipient]));
    return withoutActor([...byId.keys()], notice.actor).map((id) => byId.get(id)!);
  }
}
