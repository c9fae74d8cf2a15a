import { type INestApplication } from '@nestjs/common';
import { verifyAuditChain } from '@opencen/contracts';
import { ContractClient, loadEnv, startService } from '@opencen/nest-kit';
import {
  type InProcessService,
  dropTestSearchIndexes,
  startServiceInProcess,
  testServiceEnv,
} from '@opencen/testing';

import { AppModule } from '../../src/app.module';
import { type AuthEnv, authEnvSchema } from '../../src/config/env';

export interface AuthService extends InProcessService<INestApplication, never> {
  env: AuthEnv;
}

/**
 * The auth service in process against real NATS, FerretDB and OpenSearch, with a database and
 * indexes of the test file's own, and consumers of its own that take only what is published from
 * their creation on. Its subjects are the real `auth.*` ones: it refuses to start when something
 * else answers them. Run the files in band.
 */
export async function startAuthService(
  testFile: string,
  extra: Record<string, string> = {},
): Promise<AuthService> {
  const env = loadEnv(
    authEnvSchema,
    testServiceEnv(testFile, { AUDIT_CONSUMERS_FROM: 'now', ...extra }),
  );
  const service = await startServiceInProcess({
    name: 'auth',
    natsUrl: env.NATS_URL,
    client: ContractClient.over(env.NATS_URL),
    start: () =>
      startService(AppModule.register(env), { service: 'auth', env, handleSignals: false }),
    mustBeFree: [[verifyAuditChain, {}]],
    afterClose: () => dropTestSearchIndexes(env),
  });
  return Object.assign(service, { env });
}
