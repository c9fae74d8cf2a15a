import { type DynamicModule, Global, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { HealthController } from '../health/health.controller';
import { EventBus } from '../jetstream/event-bus';
import { LoggingModule, createLogger } from '../logging/logger';
import { ContractClientModule } from '../nats/contract-client.module';
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
        ContractClientModule.forRoot({
          connectionName: `${service}-requests-out`,
          natsUrl: env.NATS_URL,
          requestTimeoutMs: env.NATS_REQUEST_TIMEOUT_MS,
          logger,
        }),
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
      ],
      exports: [KIT_OPTIONS, KIT_LOGGER, EventBus, ContractClientModule, LoggingModule],
    };
  }
}
