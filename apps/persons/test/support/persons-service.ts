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
  getPerson,
  validateReferenceCodes,
} from '@opencen/contracts';
import {
  ContractClient,
  HandleRequest,
  type RequestContext,
  loadEnv,
  startService,
} from '@opencen/nest-kit';
import { testServiceEnv } from '@opencen/testing';
import { type NatsConnection, connect } from 'nats';

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

export interface PersonsService {
  env: PersonsEnv;
  app: INestApplication;
  nats: NatsConnection;
  /** Sends a request as `principal` (none: unauthenticated), with a fresh correlation id. */
  send<C extends RequestContract>(
    contract: C,
    payload: RequestOf<C>,
    principal?: Principal,
  ): Promise<ReplyOf<C>>;
  /** Stops the stand-in reference service, to see how the persons service copes without it. */
  stopReference(): Promise<void>;
  /** Waits until every change stored so far is searchable (see searchable.ts). */
  everythingIndexed(): Promise<void>;
  /** Stops the service and removes the search indexes of the test file. */
  close(): Promise<void>;
}

/**
 * The persons service in process against real NATS, FerretDB and OpenSearch (a database and
 * indexes of the test file's own), with the stand-in reference service. Its subjects are the real `persons.*` ones, answered
 * by the queue group `persons`, so it refuses to start when something else already answers them:
 * that instance would answer our requests from its own database. The package's test script runs
 * integration files in band for the same reason.
 */
export async function startPersonsService(
  testFile: string,
  options: { knownCountries: string[] },
): Promise<PersonsService> {
  knownCountries = new Set(options.knownCountries);
  const env = loadEnv(personsEnvSchema, testServiceEnv(testFile));
  const client = new ContractClient(
    ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: env.NATS_URL } }),
    10_000,
  );
  const send: PersonsService['send'] = (contract, payload, principal) => {
    const context: RequestContext = {
      correlationId: `it-${randomBytes(4).toString('hex')}`,
      principal,
    };
    return client.send(contract, payload, { context });
  };
  const nats = await connect({ servers: env.NATS_URL });
  let reference: INestMicroservice | undefined;
  let app: INestApplication | undefined;
  const stopReference = async () => {
    await reference?.close();
    reference = undefined;
  };
  const close = async () => {
    await app?.close();
    await stopReference();
    await client.onApplicationShutdown();
    await nats.drain();
    await deleteTestIndexes(env);
  };
  try {
    await nobodyAnswers(() => send(getPerson, { id: 'none' }), 'persons.*');
    await nobodyAnswers(
      () => send(validateReferenceCodes, { list: 'countries', codes: ['FR'] }),
      'reference.entry.validate',
    );
    reference = await NestFactory.createMicroservice<MicroserviceOptions>(FakeReferenceModule, {
      transport: Transport.NATS,
      options: { servers: env.NATS_URL, queue: 'reference' },
      logger: false,
    });
    await reference.listen();
    app = await startService(AppModule.register(env), {
      service: 'persons',
      env,
      handleSignals: false,
    });
  } catch (error) {
    await close();
    throw error;
  }
  const indexed = () => everythingIndexed(app!, env.OPENSEARCH_INDEX_PREFIX);
  return { env, app, nats, send, stopReference, everythingIndexed: indexed, close };
}

async function nobodyAnswers(check: () => Promise<unknown>, what: string): Promise<void> {
  const error = await check().catch((e: unknown) => e);
  if ((error as { code?: string }).code !== 'UNAVAILABLE') {
    throw new Error(
      `Something else answers ${what} on this NATS; stop it before running these tests`,
    );
  }
}
