// The reindex command: rebuilds the auth service's audit index from the chain (the kit's
// runReindexCommand). `npm run reindex -w @opencen/auth -- [--batch-size <n>]`, with the
// service's MONGO_URL, MONGO_DB, OPENSEARCH_URL and OPENSEARCH_INDEX_PREFIX; an interrupted run
// resumes when run again.
import { runReindexCommand } from '@opencen/nest-kit';

import { AUDIT_REINDEX } from './audit/infrastructure/audit-search.index';
import { authEnvSchema } from './config/env';

if (require.main === module) {
  runReindexCommand('auth', authEnvSchema, [AUDIT_REINDEX]);
}
