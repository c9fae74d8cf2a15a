import { Controller, type INestApplication, Module } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  listUsers,
  validateReferenceCodes,
  verifyAuditChain,
} from '@opencen/contracts';
import {
  type Clock,
  ContractClient,
  HandleRequest,
  loadEnv,
  startService,
} from '@opencen/nest-kit';
import {
  FixedClock,
  type InProcessService,
  dropTestSearchIndexes,
  startServiceInProcess,
  testServiceEnv,
} from '@opencen/testing';

import { AppModule } from '../../src/app.module';
import { type AuthEnv, authEnvSchema } from '../../src/config/env';
import { KeycloakAdminClient } from '../../src/users/infrastructure/keycloak-admin.client';
import { CheckAccountLifecycle } from '../../src/users/usecases/check-account-lifecycle';
import { ReadLoginEvents } from '../../src/users/usecases/read-login-events';
import { ensureAuthServiceAccountScope } from './realm';

/** Customs offices the stand-in reference service knows; each test file sets its own. */
let knownOffices = new Set<string>();

/**
 * Plays the reference-data service on `reference.entry.validate`, the one subject the auth service
 * asks, with the same HandleRequest as the real one: importing another app's internals is not
 * allowed.
 */
@Controller()
class FakeReferenceController {
  @HandleRequest(validateReferenceCodes)
  async validate(
    request: HandlerRequestOf<typeof validateReferenceCodes>,
  ): Promise<HandlerReplyOf<typeof validateReferenceCodes>> {
    const results = request.codes.map((code) =>
      request.list === 'customs-offices' && knownOffices.has(code)
        ? { code, valid: true }
        : { code, valid: false, reason: `unknown: no such code in ${request.list}` },
    );
    return { allValid: results.every((result) => result.valid), results };
  }
}

@Module({ controllers: [FakeReferenceController] })
class FakeReferenceModule {}

export interface AuthService extends InProcessService<INestApplication, never> {
  env: AuthEnv;
  /** The clock of the users feature: the test moves it. */
  clock: FixedClock;
  /** The admin API client the service uses (the test deletes its users with it). */
  keycloak: KeycloakAdminClient;
  lifecycle: CheckAccountLifecycle;
  loginEvents: ReadLoginEvents;
}

/**
 * The auth service in process against real NATS, FerretDB, OpenSearch and Keycloak (a database
 * and indexes of the test file's own), with the stand-in reference service knowing
 * `knownOffices`, and a FixedClock for the users feature. Its audit consumers take only what is
 * published from their creation on, beside a chain of the file's own. Its lifecycle jobs are off:
 * the test runs them by hand, for its own users only (a pass over the whole realm with a clock
 * moved months on would lock everyone's demo users). Its subjects are the real `auth.*` ones: it
 * refuses to start when something else answers them. Run the files in band.
 */
export async function startAuthService(
  testFile: string,
  options: { knownOffices?: string[]; env?: Record<string, string> } = {},
): Promise<AuthService> {
  knownOffices = new Set(options.knownOffices ?? []);
  const env = loadEnv(
    authEnvSchema,
    testServiceEnv(testFile, {
      AUDIT_CONSUMERS_FROM: 'now',
      KEYCLOAK_URL: process.env.KEYCLOAK_URL ?? '',
      ACCOUNT_LIFECYCLE_INTERVAL_MS: '0',
      LOGIN_EVENTS_POLL_MS: '0',
      ...options.env,
    }),
  );
  await ensureAuthServiceAccountScope(env.KEYCLOAK_URL);
  const clock = new FixedClock(new Date());
  const service = await startServiceInProcess({
    name: 'auth',
    natsUrl: env.NATS_URL,
    client: ContractClient.over(env.NATS_URL),
    start: () =>
      startService(AppModule.register(env, { clock: clock as unknown as Clock }), {
        service: 'auth',
        env,
        handleSignals: false,
      }),
    standIns: [{ module: FakeReferenceModule, queue: 'reference' }],
    mustBeFree: [
      [listUsers, {}],
      [verifyAuditChain, {}],
      [validateReferenceCodes, { list: 'customs-offices', codes: ['FRA-CDG'] }],
    ],
    afterClose: () => dropTestSearchIndexes(env),
  });
  return Object.assign(service, {
    env,
    clock,
    keycloak: service.app.get(KeycloakAdminClient),
    lifecycle: service.app.get(CheckAccountLifecycle),
    loginEvents: service.app.get(ReadLoginEvents),
  });
}
