// The reindex command: rebuilds the notifications, conversations and rules indexes from the store (the kit's
// runReindexCommand). `npm run reindex -w @opencen/notifications -- [--batch-size <n>]`, with the
// service's MONGO_URL, MONGO_DB, OPENSEARCH_URL and OPENSEARCH_INDEX_PREFIX; an interrupted run
// resumes when run again.
import { runReindexCommand } from '@opencen/nest-kit';

import { notificationsEnvSchema } from './config/env';
import { NOTIFICATIONS_REINDEX } from './inbox/infrastructure/notification-search.index';
import { CONVERSATIONS_REINDEX } from './messaging/infrastructure/conversation-search.index';
import { RULES_REINDEX } from './rules/infrastructure/rule-search.index';

if (require.main === module) {
  runReindexCommand('notifications', notificationsEnvSchema, [
    NOTIFICATIONS_REINDEX,
    CONVERSATIONS_REINDEX,
    RULES_REINDEX,
  ]);
}
