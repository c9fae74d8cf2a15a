import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { messagePosted, notificationsMessagingConsumer } from '@opencen/contracts';
import { EventBus, onEvent } from '@opencen/nest-kit';

import { NotifyMessagePosted } from './usecases/notify-message-posted';

/** The durable consumer that tells members of new messages (`notifications-messaging`). */
export const MESSAGING_CONSUMER = notificationsMessagingConsumer.durable;

/** Where the consumer starts when first created, and the suffix of its name (tests: one per file). */
export abstract class MessagingConsumerOptions {
  abstract readonly fromNow: boolean;
  abstract readonly suffix: string;
  /** How long a message is held while its e-mails are retried, plus a minute. */
  abstract readonly ackWaitMs: number;
}

/**
 * Reads the service's own `message.posted` events and tells the other members. Idempotent without
 * handled-event records: the notices are keyed by the event's id, the e-mails by their delivery
 * key; acknowledged once both are written.
 */
@Injectable()
export class MessagingEventsConsumer implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly notify: NotifyMessagePosted,
    @Inject(MessagingConsumerOptions) private readonly options: MessagingConsumerOptions,
  ) {}

  onModuleInit(): void {
    this.events.consume({
      durable: `${MESSAGING_CONSUMER}${this.options.suffix}`,
      declared: notificationsMessagingConsumer,
      fromNow: this.options.fromNow,
      ackWaitMs: this.options.ackWaitMs,
      parallel: 4,
      idempotent: true,
      handlers: [onEvent(messagePosted, (event) => this.notify.execute(event))],
    });
  }
}
