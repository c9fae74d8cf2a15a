import { Controller, type INestApplication, Module } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  getCase,
  getCompany,
  getConveyance,
  getPerson,
  validateReferenceCodes,
} from '@opencen/contracts';
import {
  ContractClient,
  HandleRequest,
  type OutboxRelayOptions,
  ServiceError,
  loadEnv,
  startService,
} from '@opencen/nest-kit';
import {
  type InProcessService,
  dropTestSearchIndexes,
  startServiceInProcess,
  testServiceEnv,
} from '@opencen/testing';

import { AppModule } from '../../src/app.module';
import { type CasesEnv, casesEnvSchema } from '../../src/config/env';

/** Codes the stand-in reference service refuses; everything else is valid. */
const BAD_CODES = new Set(['XX', 'NOPE', '9999']);
/** Subjects the stand-in persons service knows; each test file sets its own. */
let knownSubjects = new Set<string>();
/** Merged person → survivor: the stand-in answers a merged id with its survivor, as persons does. */
let mergedInto: Record<string, string> = {};

/**
 * Plays reference-data and persons on the subjects the cases service asks, with the same
 * HandleRequest as the real ones: the real services need databases of their own, and importing
 * another app's internals is not allowed.
 */
@Controller()
class StandInController {
  @HandleRequest(validateReferenceCodes)
  async validate(
    request: HandlerRequestOf<typeof validateReferenceCodes>,
  ): Promise<HandlerReplyOf<typeof validateReferenceCodes>> {
    const results = request.codes.map((code) =>
      BAD_CODES.has(code)
        ? { code, valid: false, reason: `unknown: no such code in ${request.list}` }
        : { code, valid: true },
    );
    return { allValid: results.every((r) => r.valid), results };
  }

  @HandleRequest(getPerson)
  async person(
    request: HandlerRequestOf<typeof getPerson>,
  ): Promise<HandlerReplyOf<typeof getPerson>> {
    const id = mergedInto[request.id] ?? request.id;
    if (!knownSubjects.has(id)) throw ServiceError.notFound(`No person ${request.id}`);
    const at = new Date().toISOString();
    return {
      id,
      familyName: 'X',
      aliases: [],
      gender: 'unknown',
      nationalities: [],
      documents: [],
      addresses: [],
      phones: [],
      emails: [],
      classification: 'restricted',
      office: 'FRA-CDG',
      createdAt: at,
      createdBy: 's',
      updatedAt: at,
      updatedBy: 's',
      version: 1,
      latinNames: ['X'],
    };
  }

  @HandleRequest(getCompany)
  async company(
    request: HandlerRequestOf<typeof getCompany>,
  ): Promise<HandlerReplyOf<typeof getCompany>> {
    const id = mergedInto[request.id] ?? request.id;
    if (!knownSubjects.has(id)) throw ServiceError.notFound(`No company ${request.id}`);
    const at = new Date().toISOString();
    return {
      id,
      names: [{ name: 'X' }],
      country: 'FR',
      addresses: [],
      linkedPersons: [],
      classification: 'restricted',
      office: 'FRA-CDG',
      createdAt: at,
      createdBy: 's',
      updatedAt: at,
      updatedBy: 's',
      version: 1,
      caseCount: 0,
    };
  }

  @HandleRequest(getConveyance)
  async conveyance(
    request: HandlerRequestOf<typeof getConveyance>,
  ): Promise<HandlerReplyOf<typeof getConveyance>> {
    if (!knownSubjects.has(request.id)) throw ServiceError.notFound(`No conveyance ${request.id}`);
    const at = new Date().toISOString();
    return {
      id: request.id,
      type: 'aircraft',
      links: [],
      classification: 'restricted',
      office: 'FRA-CDG',
      createdAt: at,
      createdBy: 's',
      updatedAt: at,
      updatedBy: 's',
      version: 1,
    };
  }
}

@Module({ controllers: [StandInController] })
class StandInModule {}

/**
 * The cases service in process (packages/testing, startServiceInProcess) against real NATS and
 * FerretDB (a database of the test file's own) with the stand-in reference and persons services.
 * `restart(relay?)` stops it as a deployment or a crash would and starts it again on the same
 * database, with the outbox relay options given.
 */
export interface CasesService extends Omit<
  InProcessService<INestApplication, Partial<OutboxRelayOptions>>,
  'stopStandIns'
> {
  env: CasesEnv;
}

export async function startCasesService(
  testFile: string,
  options: {
    knownSubjects: string[];
    mergedInto?: Record<string, string>;
    relay?: Partial<OutboxRelayOptions>;
    /** Variables set besides the test ones, e.g. a short IDEMPOTENCY_LEASE_MS. */
    env?: Record<string, string>;
  },
): Promise<CasesService> {
  knownSubjects = new Set(options.knownSubjects);
  mergedInto = options.mergedInto ?? {};
  const env = loadEnv(casesEnvSchema, testServiceEnv(testFile, options.env));
  const start = (relay = options.relay) =>
    startService(AppModule.register(env, relay ? { relay } : {}), {
      service: 'cases',
      env,
      handleSignals: false,
    });
  const service = await startServiceInProcess<INestApplication, Partial<OutboxRelayOptions>>({
    name: 'cases',
    natsUrl: env.NATS_URL,
    client: ContractClient.over(env.NATS_URL),
    start,
    standIns: [{ module: StandInModule, queue: 'stand-ins' }],
    mustBeFree: [
      [getCase, { id: 'none' }],
      [getPerson, { id: 'none' }],
      [validateReferenceCodes, { list: 'countries', codes: ['FR'] }],
    ],
    afterClose: () => dropTestSearchIndexes(env),
  });
  const restart = service.restart;
  // The harness's own object, so that `app` stays the running one across restarts.
  return Object.assign(service, {
    env,
    // A restart without options starts the service with the relay of a plain start.
    restart: (relay?: Partial<OutboxRelayOptions>) => restart(relay ?? {}),
  });
}
