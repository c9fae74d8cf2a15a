import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { SkipThrottle, ThrottlerModule } from '@nestjs/throttler';
import {
  ContractClient,
  ContractClientHealth,
  ContractClientModule,
  KIT_LOGGER,
  KeycloakTokenVerifier,
  LoggingModule,
  READINESS_CHECKS,
  type ReadinessCheck,
  healthController,
} from '@opencen/nest-kit';
import { type Logger } from 'pino';
import { AuthGuard } from './auth/auth.guard';
import { Public } from './auth/access';
import { TOKEN_VERIFIER, type TokenVerifier } from './auth/token-verifier';
import { type GatewayEnv } from './config/env';
import { type ContractRoute } from './http/contract-route';
import { contractRoutesController } from './http/contract-routes.controller';
import { keycloakRealmCheck } from './health/keycloak-realm.check';
import { ProblemFilter } from './problems/problem.filter';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { LIVE_FEED, type LiveFeed, NatsLiveFeed } from './notifications/live-feed';
import { contractRoutes } from './routes';

export interface GatewayModuleOptions {
  env: GatewayEnv;
  logger: Logger;
  /** The routes to serve: the gateway's table unless a test passes them (in another order, say). */
  routes?: readonly ContractRoute[];
  /**
   * Stand-ins for the outside world, for tests that run the HTTP layer alone: the token verifier
   * (Keycloak), the NATS side (requests and their health check) and the Keycloak readiness check.
   */
  ports?: {
    tokenVerifier?: TokenVerifier;
    nats?: { client: Pick<ContractClient, 'send'>; health: Pick<ContractClientHealth, 'check'> };
    keycloak?: Pick<ReadinessCheck, 'check'>;
    /** Users' live notifications (NATS). */
    live?: LiveFeed;
  };
}

/**
 * The gateway: HTTP routes mapped to NATS request contracts, behind token checks, role rules and
 * per-user rate limits, with every error as a problem document. It owns no database.
 */
@Module({})
export class GatewayModule {
  static forRoot({
    env,
    logger,
    routes = contractRoutes,
    ports = {},
  }: GatewayModuleOptions): DynamicModule {
    const keycloak = ports.keycloak ?? keycloakRealmCheck(env.KEYCLOAK_URL, env.KEYCLOAK_REALM);
    const nats: { imports: DynamicModule[]; providers: Provider[] } = ports.nats
      ? {
          imports: [],
          providers: [
            { provide: ContractClient, useValue: ports.nats.client },
            { provide: ContractClientHealth, useValue: ports.nats.health },
          ],
        }
      : {
          imports: [
            ContractClientModule.forRoot({
              connectionName: 'gateway-requests-out',
              natsUrl: env.NATS_URL,
              requestTimeoutMs: env.NATS_REQUEST_TIMEOUT_MS,
              logger,
            }),
          ],
          providers: [],
        };
    return {
      module: GatewayModule,
      imports: [
        LoggingModule.forRoot(logger),
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: env.RATE_LIMIT_WINDOW_MS, limit: env.RATE_LIMIT_MAX }],
        }),
        ...nats.imports,
      ],
      controllers: [
        // Health needs no token and has no rate limit: orchestrators poll it.
        healthController(Public(), SkipThrottle()),
        contractRoutesController(routes),
      ],
      providers: [
        ...nats.providers,
        { provide: KIT_LOGGER, useValue: logger },
        {
          provide: LIVE_FEED,
          useValue: ports.live ?? new NatsLiveFeed(env.NATS_URL, env.NOTIFICATIONS_HEARTBEAT_MS),
        },
        {
          provide: TOKEN_VERIFIER,
          useValue:
            ports.tokenVerifier ??
            new KeycloakTokenVerifier({
              keycloakUrl: env.KEYCLOAK_URL,
              realm: env.KEYCLOAK_REALM,
              clientId: env.KEYCLOAK_CLIENT_ID,
            }),
        },
        {
          // Ready when NATS answers and Keycloak publishes the realm whose keys verify tokens.
          provide: READINESS_CHECKS,
          inject: [ContractClientHealth],
          useFactory: (nats: ContractClientHealth): ReadinessCheck[] => [
            { name: 'nats', check: () => nats.check() },
            { name: 'keycloak', check: () => keycloak.check() },
          ],
        },
        // Guards run in this order: who is calling, then how much they have called.
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
