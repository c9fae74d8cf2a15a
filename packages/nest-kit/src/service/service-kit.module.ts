import { type DynamicModule, Global, Module } from '@nestjs/common';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { MongooseModule } from '@nestjs/mongoose';
import { HealthController } from '../health/health.controller';
import { EventBus } from '../jetstream/event-bus';
import { LoggingModule, createLogger } from '../logging/logger';
import { ContractClient } from '../nats/contract-client';
import { type ServiceKitOptions } from './service-kit.options';
import { KIT_LOGGER, KIT_OPTIONS } from './tokens';

/**
 * Everything a service needs from the platform, in one import: logging, its MongoDB database,
 * typed NATS requests (ContractClient), JetStream (EventBus: stream, outbox relay, consumers) and
 * the health endpoints.
 */
@Global()
@Module({})
export class ServiceKitModule {
  static forRoot(options: ServiceKitOptions): DynamicModule {
    const { service, env } = options;
    const logger = options.logger ?? createLogger(service, env.LOG_LEVEL);
    return {
      module: ServiceKitModule,
      imports: [
        LoggingModule.forRoot(logger),
        MongooseModule.forRoot(env.MONGO_URL, {
          dbName: env.MONGO_DB ?? service,
          serverSelectionTimeoutMS: 10_000,
        }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: KIT_OPTIONS, useValue: options },
        { provide: KIT_LOGGER, useValue: logger },
        EventBus,
        {
          provide: ContractClient,
          useFactory: () =>
            new ContractClient(
              ClientProxyFactory.create({
                transport: Transport.NATS,
                options: { servers: env.NATS_URL, name: `${service}-requests-out` },
              }),
              env.NATS_REQUEST_TIMEOUT_MS,
            ),
        },
      ],
      exports: [KIT_OPTIONS, KIT_LOGGER, EventBus, ContractClient, LoggingModule],
    };
  }
}
