import { randomBytes } from 'node:crypto';

import { Controller, type INestApplication, type INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxyFactory, type MicroserviceOptions, Transport } from '@nestjs/microservices';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type Principal,
  type ReplyOf,
  type RequestContract,
  type RequestOf,
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
  type RequestContext,
  ServiceError,
  loadEnv,
  startService,
} from '@opencen/nest-kit';
import { dropTestSearchIndexes, testServiceEnv } from '@opencen/testing';
import { type NatsConnection, connect } from 'nats';

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

export interface CasesService {
  env: CasesEnv;
  app: INestApplication;
  nats: NatsConnection;
  send<C extends RequestContract>(
    contract: C,
    payload: RequestOf<C>,
    principal?: Principal,
  ): Promise<ReplyOf<C>>;
  /**
   * Stops the cases service (as a deployment or a crash would; the stand-ins stay) and starts it
   * again on the same database, with the relay options given.
   */
  restart(relay?: Partial<OutboxRelayOptions>): Promise<void>;
  close(): Promise<void>;
}

/**
 * The cases service in process against real NATS and FerretDB (a database of the test file's own)
 * with the stand-in reference and persons services. It refuses to start when something else
 * already answers `cases.*` or the stand-in subjects on this NATS.
 */
export async function startCasesService(
  testFile: string,
  options: {
    knownSubjects: string[];
    mergedInto?: Record<string, string>;
    relay?: Partial<OutboxRelayOptions>;
  },
): Promise<CasesService> {
  knownSubjects = new Set(options.knownSubjects);
  mergedInto = options.mergedInto ?? {};
  const env = loadEnv(casesEnvSchema, testServiceEnv(testFile));
  const client = new ContractClient(
    ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: env.NATS_URL } }),
    10_000,
  );
  const send: CasesService['send'] = (contract, payload, principal) => {
    const context: RequestContext = {
      correlationId: `it-${randomBytes(4).toString('hex')}`,
      principal,
    };
    return client.send(contract, payload, { context });
  };
  const nats = await connect({ servers: env.NATS_URL });
  let standIn: INestMicroservice | undefined;
  let app: INestApplication | undefined;
  const start = (relay?: Partial<OutboxRelayOptions>) =>
    startService(AppModule.register(env, relay ? { relay } : {}), {
      service: 'cases',
      env,
      handleSignals: false,
    });
  const close = async () => {
    await app?.close();
    await standIn?.close();
    await client.onApplicationShutdown();
    await nats.drain();
    await dropTestSearchIndexes(env);
  };
  try {
    await nobodyAnswers(() => send(getCase, { id: 'none' }), 'cases.*');
    await nobodyAnswers(() => send(getPerson, { id: 'none' }), 'persons.*');
    await nobodyAnswers(
      () => send(validateReferenceCodes, { list: 'countries', codes: ['FR'] }),
      'reference.*',
    );
    standIn = await NestFactory.createMicroservice<MicroserviceOptions>(StandInModule, {
      transport: Transport.NATS,
      options: { servers: env.NATS_URL, queue: 'stand-ins' },
      logger: false,
    });
    await standIn.listen();
    app = await start(options.relay);
  } catch (error) {
    await close();
    throw error;
  }
  const restart = async (relay?: Partial<OutboxRelayOptions>) => {
    await app?.close();
    app = undefined;
    app = await start(relay);
  };
  return {
    env,
    get app() {
      if (!app) throw new Error('The cases service is not running');
      return app;
    },
    nats,
    send,
    restart,
    close,
  };
}

async function nobodyAnswers(check: () => Promise<unknown>, what: string): Promise<void> {
  const error = await check().catch((e: unknown) => e);
  if ((error as { code?: string }).code !== 'UNAVAILABLE') {
    throw new Error(
      `Something else answers ${what} on this NATS; stop it before running these tests`,
    );
  }
}
