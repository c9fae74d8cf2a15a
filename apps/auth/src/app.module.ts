import { type DynamicModule, Module } from '@nestjs/common';
import { type KeyAccessRules, ServiceKitModule } from '@opencen/nest-kit';

import { AuditModule } from './audit/audit.module';
import { AUDIT_HEADS_COLLECTION } from './audit/infrastructure/mongo-audit-chain';
import { type AuthEnv } from './config/env';

/**
 * Every query the auth service sends its store is by `_id`: an entry or a checkpoint of the chain
 * by its position, an audit record or event by its id; the auditors' queries read the audit index
 * first (audit/infrastructure/audit-search.index.ts).
 */
const KEY_ACCESS: KeyAccessRules = {
  bounded: {
    [AUDIT_HEADS_COLLECTION]: 'two documents: the last entry and the last checkpoint of the chain',
  },
};

/** The durable consumers of a chain under an index prefix end with it (tests give one per file). */
function consumerSuffix(prefix: string): string {
  const token = prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return token ? `-${token}` : '';
}

/** The auth service: the platform kit (with search) and the audit trail. */
@Module({})
export class AppModule {
  static register(env: AuthEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: 'auth',
          env,
          keyAccess: KEY_ACCESS,
          search: true,
          auditStream: true,
        }),
        AuditModule.register({
          signingKey: env.AUDIT_SIGNING_KEY,
          previousPublicKeys: env.AUDIT_PREVIOUS_PUBLIC_KEYS,
          checkpointEvery: env.AUDIT_CHECKPOINT_EVERY,
          checkpointIntervalMs: env.AUDIT_CHECKPOINT_INTERVAL_MS,
          consumers: {
            fromNow: env.AUDIT_CONSUMERS_FROM === 'now',
            suffix: consumerSuffix(env.OPENSEARCH_INDEX_PREFIX),
          },
        }),
      ],
    };
  }
}
