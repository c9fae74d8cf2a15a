import { type DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { type NominalDataPolicy } from './domain/email-message';
import { DEFAULT_BACKOFF } from './domain/retry';
import { EmailConsumerOptions, EmailEventsConsumer } from './email-events.consumer';
import { AuthEmailAddresses } from './infrastructure/auth-email-addresses';
import {
  EMAIL_DELIVERIES_COLLECTION,
  EMAIL_DELIVERY_MODEL,
  emailDeliverySchema,
} from './infrastructure/email-delivery.schema';
import { MongoEmailDeliveries } from './infrastructure/mongo-email-deliveries';
import { SmtpEmailSender, SmtpSettings } from './infrastructure/smtp-email-sender';
import { TimerSleeper } from './infrastructure/timer-sleeper';
import {
  EmailAddresses,
  EmailDeliveries,
  EmailOptions,
  EmailSender,
  Sleeper,
} from './usecases/ports';
import { SendNotificationEmail } from './usecases/send-notification-email';

export { EMAIL_DELIVERIES_COLLECTION };

export interface EmailModuleOptions {
  readonly consumer: EmailConsumerOptions;
  readonly smtp: SmtpSettings;
  readonly appUrl: string;
  readonly nominalData: NominalDataPolicy;
  readonly retryForMs: number;
  /** The first backoff delay (ms). */
  readonly retryInitialMs: number;
}

/** E-mail delivery: the created notifications with `email` go out through the SMTP relay, once. */
@Module({})
export class EmailModule {
  static register(options: EmailModuleOptions): DynamicModule {
    const emailOptions: EmailOptions = {
      appUrl: options.appUrl,
      policy: options.nominalData,
      retryForMs: options.retryForMs,
      backoff: { ...DEFAULT_BACKOFF, initialMs: options.retryInitialMs },
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
        SendNotificationEmail,
        EmailEventsConsumer,
      ],
    };
  }
}
