import { Injectable } from '@nestjs/common';
import { type NotificationChannel, buildEvent, notificationCreated } from '@opencen/contracts';
import { Clock, currentContext, documentWriteLock, newCorrelationId } from '@opencen/nest-kit';

import { type Notice, notificationKey, notificationPosition, withoutActor } from '../domain/notice';
import { notificationText } from '../domain/notification-texts';
import { ChannelPreferences, NotificationStore, type Recipient, Recipients } from './ports';

/** The key under which one recipient's deliveries take their turn (not a collection). */
const INBOX_ORDER = 'inbox-order';

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
 * finds it and stores nothing). Its created event is what pushes it live (PushLiveNotifications),
 * once published.
 */
@Injectable()
export class DeliverNotice {
  constructor(
    private readonly recipients: Recipients,
    private readonly preferences: ChannelPreferences,
    private readonly store: NotificationStore,
    private readonly clock: Clock,
  ) {}

  async execute(notice: Notice): Promise<Delivery> {
    const recipients = await this.resolve(notice);
    const delivery: Delivery = { stored: [], existing: [], off: [] };
    for (const recipient of recipients) {
      const channels = await this.preferences.channelsOf(recipient.id, notice.kind);
      if (channels.length === 0) {
        delivery.off.push(recipient.id);
        continue;
      }
      // One recipient's notifications are positioned and stored one after the other in this
      // process (events are handled in parallel), so their created events reach the stream, and
      // the live pushes, in the order of their positions: a stream never receives a position
      // lower than one it already has from this replica, and a resume after the last one it
      // received misses none.
      const stored = await documentWriteLock.run(INBOX_ORDER, recipient.id, () =>
        this.deliverTo(notice, recipient, channels),
      );
      (stored ? delivery.stored : delivery.existing).push(recipient.id);
    }
    return delivery;
  }

  private async deliverTo(
    notice: Notice,
    recipient: Recipient,
    channels: NotificationChannel[],
  ): Promise<boolean> {
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
    const { stored } = await this.store.insert(
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
    return stored;
  }

  private async resolve(notice: Notice): Promise<Recipient[]> {
    const found = (await Promise.all(notice.audiences.map((a) => this.recipients.of(a)))).flat();
    const byId = new Map(found.map((recipient) => [recipient.id, recipient]));
    return withoutActor([...byId.keys()], notice.actor).map((id) => byId.get(id)!);
  }
}
