import { type DynamicModule, Module } from '@nestjs/common';
import { type Clock, type KeyAccessRules, ServiceKitModule } from '@opencen/nest-kit';

import { AuditModule } from './audit/audit.module';
import { AUDIT_HEADS_COLLECTION } from './audit/infrastructure/mongo-audit-chain';
import { type AuthEnv } from './config/env';
import { USER_DIRECTORY_COLLECTION, UsersModule } from './users/users.module';

/**
 * Every query the auth service sends its store is by `_id`: an entry or a checkpoint of the chain
 * by its position, an audit record or event by its id, a user's directory entry by their Keycloak
 * id; the auditors' queries read the audit index first (audit/infrastructure/audit-search.index.ts)
 * and the users' listings and the lifecycle job go through Keycloak's admin API, a page at a time.
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

/** What a test replaces in the service. */
export interface AuthOverrides {
  /** The users feature's clock (a FixedClock), so that a test moves time. */
  readonly clock?: Clock;
}

/** The auth service: the platform kit (with search), the audit trail and the users. */
@Module({})
export class AppModule {
  static register(env: AuthEnv, overrides: AuthOverrides = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ServiceKitModule.forRoot({
          service: 'auth',
          env,
          keyAccess: KEY_ACCESS,
          search: true,
          auditStream: true,
          outboxCollections: [USER_DIRECTORY_COLLECTION],
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
        UsersModule.register({
          keycloak: {
            url: env.KEYCLOAK_URL,
            realm: env.KEYCLOAK_REALM,
            clientId: env.AUTH_ADMIN_CLIENT_ID,
            clientSecret: env.AUTH_ADMIN_CLIENT_SECRET,
          },
          lifecycle: {
            inactivityDays: env.ACCOUNT_INACTIVITY_DAYS,
            reminderDaysBefore: env.ACCOUNT_REMINDER_DAYS_BEFORE,
            loginFailureThreshold: env.LOGIN_FAILURE_THRESHOLD,
            loginFailureWindowMs: env.LOGIN_FAILURE_WINDOW_MS,
          },
          loginEventsPollMs: env.LOGIN_EVENTS_POLL_MS,
          lifecycleIntervalMs: env.ACCOUNT_LIFECYCLE_INTERVAL_MS,
          ...(overrides.clock ? { clock: overrides.clock } : {}),
        }),
      ],
    };
  }
}
