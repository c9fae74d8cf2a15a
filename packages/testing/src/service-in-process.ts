import { randomBytes } from 'node:crypto';
import { type INestMicroservice, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type MicroserviceOptions, Transport } from '@nestjs/microservices';
import {
  type Principal,
  type ReplyOf,
  type RequestContract,
  type RequestOf,
} from '@opencen/contracts';
import { type NatsConnection, connect } from 'nats';

/**
 * What sends typed requests: nest-kit's ContractClient (`ContractClient.over(natsUrl)`), named by
 * shape so that this package does not depend on the kit, whose own tests use it.
 */
export interface RequestSender {
  send<C extends RequestContract>(
    contract: C,
    payload: RequestOf<C>,
    options: {
      context: { correlationId: string; principal?: Principal };
      /** false: UNAVAILABLE at once when nobody listens, instead of waiting for a listener. */
      waitForListener?: boolean;
    },
  ): Promise<ReplyOf<C>>;
  onApplicationShutdown(): Promise<void>;
}

/** A request that nobody may answer before the service starts: [contract, payload]. */
export type FreeSubjectProbe = readonly [RequestContract, unknown];

export interface InProcessServiceOptions<App extends { close(): Promise<void> }, Variant> {
  /** The service's name, for messages ("cases"). */
  name: string;
  natsUrl: string;
  client: RequestSender;
  /** Starts the service (nest-kit's startService), in the variant given to {@link InProcessService.restart}. */
  start(variant?: Variant): Promise<App>;
  /**
   * Stand-ins for the services this one asks: Nest modules whose controllers answer those
   * subjects with HandleRequest, as the real services do. Each listens in its own queue group.
   */
  standIns?: readonly { module: Type<unknown>; queue: string }[];
  /**
   * Requests to the service's own subjects and those of the stand-ins: if anything answers one of
   * them before the start, another instance is running on this NATS and would answer the test's
   * requests from its own database, so the start is refused.
   */
  mustBeFree: readonly FreeSubjectProbe[];
  /** Cleanup after the service and stand-ins stopped (test search indexes, …). */
  afterClose?(): Promise<void>;
}

export interface InProcessService<App, Variant> {
  /** The running service (throws while it is stopped). */
  readonly app: App;
  /** A NATS connection of the test's own, for JetStream reads. */
  nats: NatsConnection;
  /** Sends a request as `principal` (none: unauthenticated), with a fresh correlation id. */
  send<C extends RequestContract>(
    contract: C,
    payload: RequestOf<C>,
    principal?: Principal,
  ): Promise<ReplyOf<C>>;
  /**
   * Stops the service (as a deployment or a crash would; the stand-ins stay) and starts it again
   * on the same database, in `variant`.
   */
  restart(variant?: Variant): Promise<void>;
  /**
   * Stops the service alone (the stand-ins stay), to see what waits for it while it is down; a
   * later {@link restart} starts it again.
   */
  stop(): Promise<void>;
  /** Stops the stand-ins, to see how the service copes without the services they play. */
  stopStandIns(): Promise<void>;
  /** Stops everything it started. */
  close(): Promise<void>;
}

/**
 * Starts a service in process for an integration test, against real NATS, MongoDB and OpenSearch,
 * with stand-ins for the services it asks (importing another app is not allowed), after checking
 * that nothing else answers its subjects. If the start fails, what was started is stopped.
 */
export async function startServiceInProcess<
  App extends { close(): Promise<void> },
  Variant = never,
>(options: InProcessServiceOptions<App, Variant>): Promise<InProcessService<App, Variant>> {
  const { client } = options;
  const send: InProcessService<App, Variant>['send'] = (contract, payload, principal) =>
    client.send(contract, payload, {
      context: { correlationId: `it-${randomBytes(4).toString('hex')}`, principal },
    });
  const nats = await connect({ servers: options.natsUrl });
  const standIns: INestMicroservice[] = [];
  let app: App | undefined;

  const stopStandIns = async () => {
    for (const standIn of standIns.splice(0)) await standIn.close();
  };
  const stop = async () => {
    await app?.close();
    app = undefined;
  };
  const close = async () => {
    await stop();
    await stopStandIns();
    await client.onApplicationShutdown();
    await nats.drain();
    await options.afterClose?.();
  };

  try {
    await assertNobodyAnswers(client, options.mustBeFree, options.name);
    for (const { module, queue } of options.standIns ?? []) {
      const standIn = await NestFactory.createMicroservice<MicroserviceOptions>(module, {
        transport: Transport.NATS,
        options: { servers: options.natsUrl, queue },
        logger: false,
      });
      await standIn.listen();
      standIns.push(standIn);
    }
    app = await options.start();
  } catch (error) {
    await close();
    throw error;
  }

  return {
    get app() {
      if (!app) throw new Error(`The ${options.name} service is not running`);
      return app;
    },
    nats,
    send,
    async restart(variant) {
      await stop();
      app = await options.start(variant);
    },
    stop,
    stopStandIns,
    close,
  };
}

/**
 * Refuses to go on if anything answers one of the probes: another instance of the service on this
 * NATS would answer the test's requests from its own database.
 */
export async function assertNobodyAnswers(
  client: RequestSender,
  probes: readonly FreeSubjectProbe[],
  service: string,
): Promise<void> {
  for (const [contract, payload] of probes) {
    const error = await client
      // At once: the probe asks whether anything listens now, not whether something will.
      .send(contract, payload as never, {
        context: { correlationId: 'it-probe' },
        waitForListener: false,
      })
      .catch((e: unknown) => e);
    if ((error as { code?: string } | undefined)?.code !== 'UNAVAILABLE') {
      throw new Error(
        `Something else answers ${contract.subject} on this NATS; stop it before running the ${service} tests`,
      );
    }
  }
}
