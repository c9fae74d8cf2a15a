import { type DynamicModule, Module } from '@nestjs/common';
import { ServiceKitModule } from '@opencen/nest-kit';

import { type NotificationsEnv } from './config/env';
import { EmailModule } from './email/email.module';
import { InboxModule, NOTIFICATIONS_COLLECTION } from './inbox/inbox.module';
import {
  CONVERSATIONS_COLLECTION,
  MESSAGES_COLLECTION,
  MessagingModule,
  OPEN_UPLOADS_COLLECTION,
} from './messaging/messaging.module';
import { RULES_COLLECTION, RulesModule } from './rules/rules.module';
import {
  WEBHOOK_DELIVERIES_COLLECTION,
  WEBHOOK_SUBSCRIPTIONS_COLLECTION,
  WebhooksModule,
} from './webhooks/webhooks.module';

/**
 * Every query the notifications service sends its store is by `_id`: a notification by
 * `<recipient>/<id>`, a user's preferences by their sub, a case's facts by its id, a task's
 * deadline by `<case>/<task>` and the tasks due on a day by the day, a conversation by its id, a
 * message by `<conversation>/<number>` (a page: each key read alone), an attachment and its chunks
 * by id, a rule by its id and a rule's match by `<rule>/<record>`, a webhook delivery by
 * `<subscription>/<event id>`. Inboxes are listed, paged and counted from the `notifications`
 * index (inbox/infrastructure/notification-search.index.ts), a user's conversations from
 * `notifications-conversations` (messaging/infrastructure/conversation-search.index.ts), rules
 * from the `rules` index (rules/infrastructure/rule-search.index.ts), a webhook's delivery log
 * from `notifications-webhook-deliveries`. Webhook subscriptions are bounded and read whole.
 */
const KEY_ACCESS = {
  bounded: {
    [OPEN_UPLOADS_COLLECTION]:
      'the attachment uploads not posted yet, deleted when posted or discarded',
    [WEBHOOK_SUBSCRIPTIONS_COLLECTION]: 'one subscription per connected external system',
  },
};

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
 * The notifications service: the platform kit (with search), the inbox, preferences, e-mail,
 * secure messaging and analytic rules.
 */
@Module({})
export class AppModule {
  static register(env: NotificationsEnv): DynamicModule {
    const consumer = {
      fromNow: env.NOTIFICATIONS_CONSUMERS_FROM === 'now',
      suffix: consumerSuffix(env.OPENSEARCH_INDEX_PREFIX),
    };
    // Registered once and imported by messaging and the rules too (the same module, not a second
    // instance).
    const inbox = InboxModule.register({
      consumer,
      taskDeadlinesIntervalMs: env.TASK_DEADLINES_INTERVAL_MS,
      overdueLookbackDays: env.TASK_OVERDUE_LOOKBACK_DAYS,
      recipientsCacheMs: env.RECIPIENTS_CACHE_MS,
      indexedWithinMs: RESUME_INDEXED_WITHIN_MS,
    });
    const email = EmailModule.register({
      consumer,
      smtp: { url: env.SMTP_URL, from: env.SMTP_FROM },
      appUrl: env.APP_URL,
      nominalData: env.EMAIL_NOMINAL_DATA,
      retryForMs: env.EMAIL_RETRY_FOR_MS,
      retryInitialMs: env.EMAIL_RETRY_INITIAL_MS,
      digestHourUtc: env.DIGEST_HOUR_UTC,
      digestIntervalMs: env.DIGEST_INTERVAL_MS,
    });
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: 'notifications',
          env,
          keyAccess: KEY_ACCESS,
          search: true,
          outboxCollections: [
            NOTIFICATIONS_COLLECTION,
            CONVERSATIONS_COLLECTION,
            MESSAGES_COLLECTION,
            RULES_COLLECTION,
            WEBHOOK_SUBSCRIPTIONS_COLLECTION,
            WEBHOOK_DELIVERIES_COLLECTION,
          ],
        }),
        inbox,
        email,
        RulesModule.register({ consumer, inbox }),
        MessagingModule.register({
          consumer,
          emailRetryForMs: env.EMAIL_RETRY_FOR_MS,
          attachments: {
            chunkBytes: env.ATTACHMENT_CHUNK_BYTES,
            maxBytes: env.ATTACHMENT_MAX_BYTES,
          },
          abandonAfterMs: env.ATTACHMENT_UPLOAD_IDLE_MS,
          cleanupIntervalMs: env.ATTACHMENT_CLEANUP_INTERVAL_MS,
          externalBodies: env.MESSAGING_EXTERNAL_BODIES,
          appUrl: env.APP_URL,
          inbox,
          email,
        }),
        WebhooksModule.register({
          consumer: {
            fromNow: env.NOTIFICATIONS_CONSUMERS_FROM === 'now',
            suffix: consumerSuffix(env.OPENSEARCH_INDEX_PREFIX),
          },
          webhooks: {
            allowHttp: env.WEBHOOKS_ALLOW_HTTP,
            retryForMs: env.WEBHOOKS_RETRY_FOR_MS,
            retryInitialMs: env.WEBHOOKS_RETRY_INITIAL_MS,
            retryMaxDelayMs: env.WEBHOOKS_RETRY_MAX_DELAY_MS,
            disableAfterFailures: env.WEBHOOKS_DISABLE_AFTER_FAILURES,
          },
          timeoutMs: env.WEBHOOKS_TIMEOUT_MS,
          refreshMs: env.WEBHOOKS_REFRESH_MS,
        }),
      ],
    };
  }
}
