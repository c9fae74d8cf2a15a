import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { type NominalDataPolicy } from './domain/email-message';
import { DEFAULT_BACKOFF } from './domain/retry';
import { DIGEST_INTERVAL_MS, DailyDigestsJob } from './daily-digests.job';
import { EmailConsumerOptions, EmailEventsConsumer } from './email-events.consumer';
import { AuthEmailAddresses } from './infrastructure/auth-email-addresses';
import {
  EMAIL_DELIVERIES_COLLECTION,
  EMAIL_DELIVERY_MODEL,
  emailDeliverySchema,
} from './infrastructure/email-delivery.schema';
import {
  EMAIL_DIGESTS_COLLECTION,
  EMAIL_DIGEST_MODEL,
  emailDigestSchema,
} from './infrastructure/email-digest.schema';
import { MongoDigestStore } from './infrastructure/mongo-digest-store';
import { MongoEmailDeliveries } from './infrastructure/mongo-email-deliveries';
import { SmtpEmailSender, SmtpSettings } from './infrastructure/smtp-email-sender';
import { TimerSleeper } from './infrastructure/timer-sleeper';
import {
  DigestStore,
  EmailAddresses,
  EmailDeliveries,
  EmailOptions,
  EmailSender,
  Sleeper,
} from './usecases/ports';
import { DeliverEmailOnce } from './usecases/deliver-email-once';
import { SendDailyDigests } from './usecases/send-daily-digests';
import { SendNotificationEmail } from './usecases/send-notification-email';

export { EMAIL_DELIVERIES_COLLECTION, EMAIL_DIGESTS_COLLECTION };

export interface EmailModuleOptions {
  readonly consumer: EmailConsumerOptions;
  readonly smtp: SmtpSettings;
  readonly appUrl: string;
  readonly nominalData: NominalDataPolicy;
  readonly retryForMs: number;
  /** The first backoff delay (ms). */
  readonly retryInitialMs: number;
  /** The hour (UTC) from which the day before's digests are sent. */
  readonly digestHourUtc: number;
  /** How often the digests due are looked for (ms; 0: never). */
  readonly digestIntervalMs: number;
}

/**
 * E-mail delivery: the created notifications with `email` go out through the SMTP relay, once each;
 * those with `digest` in a daily digest per user, once per user and day.
 */
@Module({})
export class EmailModule {
  static register(options: EmailModuleOptions): DynamicModule {
    const emailOptions: EmailOptions = {
      appUrl: options.appUrl,
      policy: options.nominalData,
      retryForMs: options.retryForMs,
      backoff: { ...DEFAULT_BACKOFF, initialMs: options.retryInitialMs },
      digestHourUtc: options.digestHourUtc,
    };
    return {
      module: EmailModule,
      imports: [
        MongooseModule.forFeature([
          {
            name: EMAIL_DELIVERY_MODEL,
            schema: emailDeliverySchema,
            collection: EMAIL_DELIVERIES_COLLECTION,
          },
          {
            name: EMAIL_DIGEST_MODEL,
            schema: emailDigestSchema,
            collection: EMAIL_DIGESTS_COLLECTION,
          },
        ]),
      ],
      providers: [
        { provide: EmailConsumerOptions, useValue: options.consumer },
        { provide: SmtpSettings, useValue: options.smtp },
        { provide: EmailOptions, useValue: emailOptions },
        { provide: EmailSender, useClass: SmtpEmailSender },
        { provide: EmailAddresses, useClass: AuthEmailAddresses },
        { provide: EmailDeliveries, useClass: MongoEmailDeliveries },
        { provide: Sleeper, useClass: TimerSleeper },
        { provide: DigestStore, useClass: MongoDigestStore },
        { provide: DIGEST_INTERVAL_MS, useValue: options.digestIntervalMs },
        DeliverEmailOnce,
        SendNotificationEmail,
        SendDailyDigests,
        EmailEventsConsumer,
        DailyDigestsJob,
      ],
      // Messaging sends outside members' e-mails through the same sender, retries and records.
      exports: [DeliverEmailOnce],
    };
  }
}
