import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { notificationCreated, notificationsEmailConsumer } from '@opencen/contracts';
import { EventBus, onEvent } from '@opencen/nest-kit';

import { EmailOptions } from './usecases/ports';
import { SendNotificationEmail } from './usecases/send-notification-email';

/** The durable consumer of the created notifications that sends the e-mail ones (`notifications-email`). */
export const EMAIL_CONSUMER = notificationsEmailConsumer.durable;

/** E-mails sent at once: one slow relay answer does not hold the others. */
const EMAIL_PARALLEL = 4;

/** Where the consumer starts when first created, and the suffix of its name (tests: one per file). */
export abstract class EmailConsumerOptions {
  abstract readonly fromNow: boolean;
  abstract readonly suffix: string;
}

/**
 * Reads the service's own `notification.created` events and sends those with `email`. A send that
 * keeps failing transiently holds its event for the retry period: the ack wait is longer than it.
 */
@Injectable()
export class EmailEventsConsumer implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly send: SendNotificationEmail,
    @Inject(EmailConsumerOptions) private readonly consumer: EmailConsumerOptions,
    @Inject(EmailOptions) private readonly options: EmailOptions,
  ) {}

  onModuleInit(): void {
    this.events.consume({
      durable: `${EMAIL_CONSUMER}${this.consumer.suffix}`,
      declared: notificationsEmailConsumer,
      fromNow: this.consumer.fromNow,
      parallel: EMAIL_PARALLEL,
      ackWaitMs: this.options.retryForMs + 60_000,
      // Each e-mail once by its delivery record (SendNotificationEmail), not by handled-event records.
      idempotent: true,
      handlers: [
        onEvent(notificationCreated, async (event) => {
          await this.send.execute(event);
        }),
      ],
    });
  }
}
