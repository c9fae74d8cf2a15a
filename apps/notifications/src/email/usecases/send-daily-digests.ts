import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@opencen/nest-kit';

import { dayBefore, digestEmail, utcDay } from '../domain/digest-message';
import { DeliverEmailOnce } from './deliver-email-once';
import { DigestStore, EmailAddresses, EmailDeliveries, EmailOptions } from './ports';

/**
 * Once the digest hour (UTC) has come, sends each user who has one their digest of the day
 * before: once per user and day (its delivery key is `digest/<user>/<day>`), however many passes
 * and replicas run. Everything is read by key: the day's users, then each one's digest.
 */
@Injectable()
export class SendDailyDigests {
  private readonly logger = new Logger(SendDailyDigests.name);

  constructor(
    private readonly once: DeliverEmailOnce,
    private readonly digests: DigestStore,
    private readonly addresses: EmailAddresses,
    private readonly deliveries: EmailDeliveries,
    private readonly options: EmailOptions,
    private readonly clock: Clock,
  ) {}

  /** Sends the digests due at `now`; answers how many were sent. */
  async execute(now: Date = this.clock.now()): Promise<{ day: string | null; sent: number }> {
    if (now.getUTCHours() < this.options.digestHourUtc) return { day: null, sent: 0 };
    const day = dayBefore(utcDay(now));
    let sent = 0;
    for (const user of await this.digests.usersOf(day)) {
      const key = `digest/${user}/${day}`;
      if (await this.once.done(key)) continue;
      const digest = await this.digests.digestOf(user, day);
      if (!digest || digest.items.length === 0) continue;
      const to = await this.addresses.of(user);
      if (!to) {
        this.logger.warn({ delivery: key }, 'No e-mail address for the recipient; no digest');
        await this.deliveries.record(key, { state: 'failed', attempts: 0, reason: 'no-address' });
        continue;
      }
      const message = digestEmail(day, digest.language, digest.items, {
        appUrl: this.options.appUrl,
        policy: this.options.policy,
      });
      const outcome = await this.once.execute(key, {
        ...message,
        to,
        messageId: `<digest.${day}.${user}@opencen>`,
      });
      if (outcome === 'sent') sent += 1;
    }
    return { day, sent };
  }
}
