import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@opencen/nest-kit';

import { backoffDelayMs, classifySendFailure } from '../domain/retry';
import { EmailDeliveries, EmailOptions, EmailSender, type OutgoingEmail, Sleeper } from './ports';

/** What became of an e-mail. */
export type DeliveryOutcome = 'already' | 'sent' | 'failed' | 'gave-up';

/**
 * Sends an e-mail once by its delivery key: recorded `sending` before each attempt and `sent` once
 * the relay accepted it, so a second call finds it and sends nothing. A transient failure is
 * retried after a backoff with jitter until the retry period is over, then recorded `gave-up`; a
 * permanent one is recorded `failed` at once. Logs carry the key, never an address or a text.
 *
 * At least once, not exactly once, at one edge: a replica that stops after the relay accepted the
 * message and before `sent` is written leaves `sending`, and the next call sends it again (with
 * the same Message-ID).
 */
@Injectable()
export class DeliverEmailOnce {
  private readonly logger = new Logger(DeliverEmailOnce.name);

  constructor(
    private readonly sender: EmailSender,
    private readonly deliveries: EmailDeliveries,
    private readonly options: EmailOptions,
    private readonly sleeper: Sleeper,
    private readonly clock: Clock,
  ) {}

  /** Whether the e-mail of `key` was already dealt with (sent, refused or given up). */
  async done(key: string): Promise<boolean> {
    const known = await this.deliveries.get(key);
    return known !== null && known.state !== 'sending';
  }

  async execute(key: string, email: OutgoingEmail): Promise<DeliveryOutcome> {
    const known = await this.deliveries.get(key);
    if (known && known.state !== 'sending') return 'already';
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
        const reason = reasonOf(error);
        if (classifySendFailure(error) === 'permanent') {
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
