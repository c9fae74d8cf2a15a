import { type DynamicModule, Global, Module } from '@nestjs/common';
import { MongooseModule, getConnectionToken } from '@nestjs/mongoose';
import { type Connection } from 'mongoose';
import {
  READINESS_CHECKS,
  type ReadinessCheck,
  healthController,
} from '../health/health.controller';
import { IdempotencyCleanupJob } from '../idempotency/idempotency-cleanup.job';
import {
  IDEMPOTENCY_KEYS_COLLECTION,
  IdempotencyKeys,
  serveIdempotencyKeys,
} from '../idempotency/idempotency-keys';
import { EventBus } from '../jetstream/event-bus';
import { HANDLED_EVENTS_COLLECTION } from '../jetstream/event-consumer';
import { OUTBOX_PENDING_COLLECTION } from '../jetstream/outbox-relay';
import { OUTBOX_REPLICAS_COLLECTION } from '../jetstream/outbox-replicas';
import { LoggingModule, createLogger } from '../logging/logger';
import { type AllowedQuery, KeyAccessGuard } from '../mongo/key-access-guard';
import { ContractClientModule } from '../nats/contract-client.module';
import { SEARCH_REBUILDS_COLLECTION } from '../search/rebuild-search-index';
import { SearchService } from '../search/search.service';
import { Clock, IdGenerator, RandomIds, SystemClock } from '../time/clock';
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
    const dbName = env.MONGO_DB ?? service;
    const guard = new KeyAccessGuard(
      dbName,
      {
        bounded: {
          [SEARCH_REBUILDS_COLLECTION]: 'one record per search index while it is being rebuilt',
          [OUTBOX_PENDING_COLLECTION]:
            'one marker per document whose events are not published yet (writes in flight, or ' +
            'left by a crashed replica until recovery takes them over)',
          [OUTBOX_REPLICAS_COLLECTION]:
            'one heartbeat per running replica (a crashed one until the next recovery pass)',
          ...options.keyAccess?.bounded,
        },
        allowed: [...KIT_QUERIES, ...(options.keyAccess?.allowed ?? [])],
      },
      logger,
      env.MONGO_KEY_ACCESS_GUARD,
      env.MONGO_KEY_ACCESS_LOG,
    );
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
          dbName,
          serverSelectionTimeoutMS: 10_000,
          monitorCommands: env.MONGO_KEY_ACCESS_GUARD !== 'off',
          connectionFactory: (connection: Connection) => {
            guard.attach(connection.getClient());
            return connection;
          },
        }),
      ],
      controllers: [healthController()],
      providers: [
        { provide: KIT_OPTIONS, useValue: options },
        { provide: KIT_LOGGER, useValue: logger },
        { provide: Clock, useClass: SystemClock },
        { provide: IdGenerator, useClass: RandomIds },
        EventBus,
        {
          // The keys of creating requests live beside the records they create (see README).
          provide: IdempotencyKeys,
          inject: [getConnectionToken()],
          useFactory: (mongo: Connection) => {
            const keys = new IdempotencyKeys(
              mongo.collection(IDEMPOTENCY_KEYS_COLLECTION) as never,
              {
                retentionMs: env.IDEMPOTENCY_KEY_RETENTION_MS ?? 86_400_000,
                leaseMs: env.IDEMPOTENCY_LEASE_MS ?? 30_000,
              },
              logger,
            );
            serveIdempotencyKeys(keys);
            return keys;
          },
        },
        {
          provide: IdempotencyCleanupJob,
          inject: [IdempotencyKeys],
          useFactory: (keys: IdempotencyKeys) =>
            new IdempotencyCleanupJob(
              keys,
              logger,
              env.IDEMPOTENCY_CLEANUP_INTERVAL_MS ?? 3_600_000,
            ),
        },
        {
          provide: READINESS_CHECKS,
          inject: [EventBus, getConnectionToken(), { token: SearchService, optional: true }],
          useFactory: (events: EventBus, mongo: Connection, search?: SearchService) =>
            serviceReadinessChecks(events, mongo, search),
        },
        ...(options.search ? [SearchService] : []),
      ],
      exports: [
        KIT_OPTIONS,
        KIT_LOGGER,
        Clock,
        IdGenerator,
        EventBus,
        IdempotencyKeys,
        IdempotencyCleanupJob,
        ...(options.search ? [SearchService] : []),
        ContractClientModule,
        LoggingModule,
      ],
    };
  }
}

/** What a service needs to answer: its search cluster (if it has indexes), NATS and MongoDB. */
function serviceReadinessChecks(
  events: EventBus,
  mongo: Connection,
  search?: SearchService,
): ReadinessCheck[] {
  return [
    ...(search ? [{ name: 'search', check: () => search.check() }] : []),
    { name: 'nats', check: () => events.check() },
    {
      name: 'mongo',
      check: async () => {
        if (!mongo.db) throw new Error('not connected');
        await mongo.db.admin().ping();
      },
    },
  ];
}

/** The kit's own query that is not by key: it scans on purpose, and rarely. */
const KIT_QUERIES: AllowedQuery[] = [
  {
    collection: HANDLED_EVENTS_COLLECTION,
    fields: ['handledAt'],
    why: 'the hourly removal of handled-event records past their retention',
  },
  {
    collection: IDEMPOTENCY_KEYS_COLLECTION,
    fields: ['expiresAt'],
    why: 'the idempotency key cleanup job removes keys past their retention',
  },
];
