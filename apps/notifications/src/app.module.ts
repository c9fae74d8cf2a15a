import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceKitModule } from '@opencen/nest-kit';

import { type NotificationsEnv } from './config/env';
import { EmailModule } from './email/email.module';
import { InboxModule, NOTIFICATIONS_COLLECTION } from './inbox/inbox.module';
import { RULES_COLLECTION, RulesModule } from './rules/rules.module';

/**
 * Every query the notifications service sends its store is by `_id`: a notification by
 * `<recipient>/<id>`, a user's preferences by their sub, a case's facts by its id, a task's
 * deadline by `<case>/<task>` and the tasks due on a day by the day, a rule by its id and a
 * rule's match by `<rule>/<record>`. Inboxes are listed, paged and counted from the
 * `notifications` index (inbox/infrastructure/notification-search.index.ts), rules from the
 * `rules` index (rules/infrastructure/rule-search.index.ts).
 */
const KEY_ACCESS = { bounded: {} };

/** The durable consumers under an index prefix end with it (tests give one per file). */
export function consumerSuffix(prefix: string): string {
  const token = prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return token ? `-${token}` : '';
}

/** How long a live stream's resume waits for the index to hold what was published before it. */
const RESUME_INDEXED_WITHIN_MS = 5000;

/**
 * The notifications service: the platform kit (with search), the inbox, preferences, analytic
 * rules and e-mail.
 */
@Module({})
export class AppModule {
  static register(env: NotificationsEnv): DynamicModule {
    const consumer = {
      fromNow: env.NOTIFICATIONS_CONSUMERS_FROM === 'now',
      suffix: consumerSuffix(env.OPENSEARCH_INDEX_PREFIX),
    };
    // One inbox, imported here and by the rules (which deliver through it).
    const inbox = InboxModule.register({
      consumer,
      taskDeadlinesIntervalMs: env.TASK_DEADLINES_INTERVAL_MS,
      overdueLookbackDays: env.TASK_OVERDUE_LOOKBACK_DAYS,
      recipientsCacheMs: env.RECIPIENTS_CACHE_MS,
      indexedWithinMs: RESUME_INDEXED_WITHIN_MS,
    });
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: 'notifications',
          env,
          keyAccess: KEY_ACCESS,
          search: true,
          outboxCollections: [NOTIFICATIONS_COLLECTION, RULES_COLLECTION],
        }),
        inbox,
        RulesModule.register({ consumer, inbox }),
        EmailModule.register({
          consumer: {
            fromNow: env.NOTIFICATIONS_CONSUMERS_FROM === 'now',
            suffix: consumerSuffix(env.OPENSEARCH_INDEX_PREFIX),
          },
          smtp: { url: env.SMTP_URL, from: env.SMTP_FROM },
          appUrl: env.APP_URL,
          nominalData: env.EMAIL_NOMINAL_DATA,
          retryForMs: env.EMAIL_RETRY_FOR_MS,
          retryInitialMs: env.EMAIL_RETRY_INITIAL_MS,
          digestHourUtc: env.DIGEST_HOUR_UTC,
          digestIntervalMs: env.DIGEST_INTERVAL_MS,
        }),
      ],
    };
  }
}
