import { Injectable, Logger } from '@nestjs/common';
import { type EventOf, type notificationCreated } from '@opencen/contracts';

import { utcDay } from '../domain/digest-message';
import { notificationEmail } from '../domain/email-message';
import { type DeliveryOutcome, DeliverEmailOnce } from './deliver-email-once';
import { DigestStore, EmailAddresses, EmailDeliveries, EmailOptions } from './ports';

/** What became of a notification's e-mail. */
export type EmailOutcome = 'not-email' | 'no-address' | DeliveryOutcome;

/**
 * A created notification by e-mail: with `email`, its own message in the recipient's language,
 * once per notification (its delivery key is `<recipient>/<notification id>`); with `digest`, an
 * item of the recipient's digest of the day it was created (each item once by its id).
 */
@Injectable()
export class SendNotificationEmail {
  private readonly logger = new Logger(SendNotificationEmail.name);

  constructor(
    private readonly once: DeliverEmailOnce,
    private readonly addresses: EmailAddresses,
    private readonly deliveries: EmailDeliveries,
    private readonly digests: DigestStore,
    private readonly options: EmailOptions,
  ) {}

  async execute(event: EventOf<typeof notificationCreated>): Promise<EmailOutcome> {
    const { recipient, notificationId, kind, language, text, link, channels, position } =
      event.data;
    if (channels.includes('digest')) {
      await this.digests.add(recipient, utcDay(new Date(event.time)), language, {
        id: notificationId,
        kind,
        text,
        link,
        position,
      });
    }
    if (!channels.includes('email')) return 'not-email';
    const key = `${recipient}/${notificationId}`;
    if (await this.once.done(key)) return 'already';
    const to = await this.addresses.of(recipient);
    if (!to) {
      this.logger.warn({ delivery: key }, 'No e-mail address for the recipient; not sent');
      await this.deliveries.record(key, { state: 'failed', attempts: 0, reason: 'no-address' });
      return 'no-address';
    }
    const message = notificationEmail(
      { kind, language, text, link },
      { appUrl: this.options.appUrl, policy: this.options.policy },
    );
    return this.once.execute(key, {
      ...message,
      to,
      messageId: `<${notificationId}.${recipient}@opencen>`,
    });
  }
}
