import { Controller, type INestApplication, Module } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  getPerson,
  validateReferenceCodes,
} from '@opencen/contracts';
import { ContractClient, HandleRequest, loadEnv, startService } from '@opencen/nest-kit';
import { type InProcessService, startServiceInProcess, testServiceEnv } from '@opencen/testing';

import { AppModule } from '../../src/app.module';
import { type PersonsEnv, personsEnvSchema } from '../../src/config/env';
import { deleteTestIndexes, everythingIndexed } from './searchable';

/** Country codes the stand-in reference service accepts; each test file sets its own. */
let knownCountries = new Set<string>();

/**
 * Plays the reference-data service on `reference.entry.validate`, the one subject the persons
 * service asks, with the same HandleRequest as the real one: importing another app's internals is
 * not allowed.
 */
@Controller()
class FakeReferenceController {
  @HandleRequest(validateReferenceCodes)
  async validate(
    request: HandlerRequestOf<typeof validateReferenceCodes>,
  ): Promise<HandlerReplyOf<typeof validateReferenceCodes>> {
    const results = request.codes.map((code) =>
      knownCountries.has(code)
        ? { code, valid: true }
        : { code, valid: false, reason: `unknown: no such code in ${request.list}` },
    );
    return { allValid: results.every((result) => result.valid), results };
  }
}

@Module({ controllers: [FakeReferenceController] })
class FakeReferenceModule {}

export interface PersonsService extends Omit<
  InProcessService<INestApplication, never>,
  'restart' | 'stopStandIns'
> {
  env: PersonsEnv;
  /** Stops the stand-in reference service, to see how the persons service copes without it. */
  stopReference(): Promise<void>;
  /** Waits until every change stored so far is searchable (see searchable.ts). */
  everythingIndexed(): Promise<void>;
}

/**
 * The persons service in process against real NATS, FerretDB and OpenSearch (a database and
 * indexes of the test file's own), with the stand-in reference service. Its subjects are the real
 * `persons.*` ones, answered by the queue group `persons`, so it refuses to start when something
 * else already answers them: that instance would answer our requests from its own database. The
 * package's test script runs integration files in band for the same reason.
 */
export async function startPersonsService(
  testFile: string,
  options: { knownCountries: string[] },
): Promise<PersonsService> {
  knownCountries = new Set(options.knownCountries);
  const env = loadEnv(personsEnvSchema, testServiceEnv(testFile));
  const service = await startServiceInProcess({
    name: 'persons',
    natsUrl: env.NATS_URL,
    client: ContractClient.over(env.NATS_URL),
    start: () =>
      startService(AppModule.register(env), { service: 'persons', env, handleSignals: false }),
    standIns: [{ module: FakeReferenceModule, queue: 'reference' }],
    mustBeFree: [
      [getPerson, { id: 'none' }],
      [validateReferenceCodes, { list: 'countries', codes: ['FR'] }],
    ],
    afterClose: () => deleteTestIndexes(env),
  });
  // The harness's own object, so that `app` stays the running one.
  return Object.assign(service, {
    env,
    stopReference: service.stopStandIns,
    everythingIndexed: () => everythingIndexed(service.app, env.OPENSEARCH_INDEX_PREFIX),
  });
}
