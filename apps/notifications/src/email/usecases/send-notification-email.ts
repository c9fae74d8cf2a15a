import { Injectable, Logger } from '@nestjs/common';
import { type EventOf, type notificationCreated } from '@opencen/contracts';
import { Clock } from '@opencen/nest-kit';

import { notificationEmail } from '../domain/email-message';
import { backoffDelayMs, classifySendFailure } from '../domain/retry';
import { EmailAddresses, EmailDeliveries, EmailOptions, EmailSender, Sleeper } from './ports';

/** What became of a notification's e-mail. */
export type EmailOutcome = 'not-email' | 'no-address' | 'already' | 'sent' | 'failed' | 'gave-up';

/**
 * Sends the e-mail of a created notification whose channels include `email`, once: its delivery is
 * recorded by `<recipient>/<notification id>` as `sending` before the first attempt and `sent`
 * once the relay accepted it, so a redelivered event finds it and sends nothing. A transient
 * failure is retried after a backoff with jitter until the retry period is over, then the delivery
 * is recorded `gave-up`; a permanent one is recorded `failed` at once. Logs carry the keys, never
 * an address or a text.
 *
 * At least once, not exactly once, at one edge: a replica that stops after the relay accepted the
 * message and before `sent` is written leaves `sending`, and the redelivered event sends it again
 * (with the same Message-ID).
 */
@Injectable()
export class SendNotificationEmail {
  private readonly logger = new Logger(SendNotificationEmail.name);

  constructor(
    private readonly sender: EmailSender,
    private readonly addresses: EmailAddresses,
    private readonly deliveries: EmailDeliveries,
    private readonly options: EmailOptions,
    private readonly sleeper: Sleeper,
    private readonly clock: Clock,
  ) {}

  async execute(event: EventOf<typeof notificationCreated>): Promise<EmailOutcome> {
    const { recipient, notificationId, kind, language, text, link, channels } = event.data;
    if (!channels.includes('email')) return 'not-email';
    const key = `${recipient}/${notificationId}`;
    const known = await this.deliveries.get(key);
    if (known && known.state !== 'sending') return 'already';
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
    const email = { ...message, to, messageId: `<${notificationId}.${recipient}@opencen>` };
    const giveUpAt = this.clock.now().getTime() + this.options.retryForMs;
    let attempts = known?.attempts ?? 0;
    for (;;) {
      attempts += 1;
      await this.deliveries.record(key, { state: 'sending', attempts });
      try {
        await this.sender.send(email);
        await this.deliveries.record(key, { state: 'sent', attempts });
        return 'sent';
      } catch (error) {
        const failure = classifySendFailure(error);
        const reason = reasonOf(error);
        if (failure === 'permanent') {
          this.logger.error({ delivery: key, attempts, reason }, 'E-mail refused; not retried');
          await this.deliveries.record(key, { state: 'failed', attempts, reason });
          return 'failed';
        }
        const delayMs = backoffDelayMs(attempts, this.options.backoff);
        if (this.clock.now().getTime() + delayMs > giveUpAt) {
          this.logger.error({ delivery: key, attempts, reason }, 'E-mail not sent; gave up');
          await this.deliveries.record(key, { state: 'gave-up', attempts, reason });
          return 'gave-up';
        }
        this.logger.warn({ delivery: key, attempts, reason, retryInMs: delayMs }, 'E-mail retried');
        await this.sleeper.sleep(delayMs);
      }
    }
  }
}

/** The relay's reply code or the error code: never the message, which may quote an address. */
function reasonOf(error: unknown): string {
  const failure = error as { responseCode?: unknown; code?: unknown } | null;
  if (typeof failure?.responseCode === 'number') return `smtp-${failure.responseCode}`;
  if (typeof failure?.code === 'string') return failure.code;
  return 'unknown';
}
