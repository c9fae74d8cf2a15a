import {
  type DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  type OnModuleInit,
} from '@nestjs/common';
import {
  type ClientNats,
  type ClientProxy,
  ClientProxyFactory,
  Transport,
} from '@nestjs/microservices';
import { type NatsConnection } from 'nats';
import { type Logger } from 'pino';
import { ContractClient } from './contract-client';

/** What {@link ContractClientModule.forRoot} takes. */
export interface ContractClientModuleOptions {
  /** The NATS connection name, seen in the server's monitoring (e.g. `gateway-requests-out`). */
  connectionName: string;
  natsUrl: string;
  /** Default reply timeout of {@link ContractClient.send}. */
  requestTimeoutMs: number;
  /** Where a failed first connection is reported; the module keeps running and retries. */
  logger?: Logger;
}

/** The NATS client under the {@link ContractClient}, for the health check. */
export const CONTRACT_CLIENT_NATS = Symbol('CONTRACT_CLIENT_NATS');
const CONTRACT_CLIENT_OPTIONS = Symbol('CONTRACT_CLIENT_OPTIONS');

/**
 * Readiness of the request connection: it is open and the server answers a round trip. It
 * connects when the client is not connected yet, so a process that booted while NATS was down
 * becomes ready once NATS is back.
 */
@Injectable()
export class ContractClientHealth implements OnModuleInit {
  constructor(
    @Inject(CONTRACT_CLIENT_NATS) private readonly client: ClientNats,
    @Inject(CONTRACT_CLIENT_OPTIONS) private readonly options: ContractClientModuleOptions,
  ) {}

  /** Connects at boot without failing it: a caller that sends first gets UNAVAILABLE meanwhile. */
  async onModuleInit(): Promise<void> {
    try {
      await this.client.connect();
    } catch (error) {
      this.options.logger?.warn(
        { err: error, natsUrl: this.options.natsUrl },
        'NATS is not reachable yet; requests fail with UNAVAILABLE until it is',
      );
    }
  }

  /** Resolves when NATS answers; rejects with the reason otherwise. */
  async check(): Promise<void> {
    const connection = (await this.client.connect()) as NatsConnection;
    if (connection.isClosed()) throw new Error('NATS connection closed');
    await connection.flush();
  }
}

/**
 * Typed NATS requests ({@link ContractClient}) and their health check, without MongoDB or
 * JetStream: for processes that only send requests, such as the gateway, which owns no database.
 * Services use `ServiceKitModule`, which brings the same client with everything else.
 */
@Global()
@Module({})
export class ContractClientModule {
  static forRoot(options: ContractClientModuleOptions): DynamicModule {
    return {
      module: ContractClientModule,
      providers: [
        { provide: CONTRACT_CLIENT_OPTIONS, useValue: options },
        {
          provide: CONTRACT_CLIENT_NATS,
          useFactory: () =>
            ClientProxyFactory.create({
              transport: Transport.NATS,
              options: { servers: options.natsUrl, name: options.connectionName },
            }) as ClientNats,
        },
        {
          provide: ContractClient,
          // ContractClient closes the NATS client at application shutdown, after the HTTP server
          // has let its requests in flight finish.
          useFactory: (client: ClientProxy) => new ContractClient(client, options.requestTimeoutMs),
          inject: [CONTRACT_CLIENT_NATS],
        },
        ContractClientHealth,
      ],
      exports: [ContractClient, ContractClientHealth],
    };
  }
}
