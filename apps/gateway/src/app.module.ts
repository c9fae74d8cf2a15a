import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { SkipThrottle, ThrottlerModule } from '@nestjs/throttler';
import {
  type AuditRecordPublisher,
  AuditTrail,
  AuditTrailModule,
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
import { AccessAudit } from './audit/access-audit';
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
   * (Keycloak), the NATS side (requests and their health check), the audit stream (publisher and
   * its health check) and the Keycloak readiness check.
   */
  ports?: {
    tokenVerifier?: TokenVerifier;
    nats?: { client: Pick<ContractClient, 'send'>; health: Pick<ContractClientHealth, 'check'> };
    audit?: AuditRecordPublisher & Pick<ReadinessCheck, 'check'>;
    keycloak?: Pick<ReadinessCheck, 'check'>;
    /** Users' live notifications (NATS). */
    live?: LiveFeed;
  };
}

/** The access records' publisher: the audit stream on NATS, or a test's stand-in. */
const AUDIT_PUBLISHER = Symbol('AUDIT_PUBLISHER');

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
    if (ports.nats && !ports.audit) {
      // Otherwise the audited routes of a test would publish to whatever NATS_URL says.
      throw new Error(
        'A gateway with NATS stubbed needs the audit publisher stubbed too (ports.audit)',
      );
    }
    const audit: { imports: DynamicModule[]; provider: Provider } = ports.audit
      ? { imports: [], provider: { provide: AUDIT_PUBLISHER, useValue: ports.audit } }
      : {
          imports: [
            AuditTrailModule.forRoot({
              natsUrl: env.NATS_URL,
              connectionName: 'gateway-audit',
              publishTimeoutMs: env.AUDIT_PUBLISH_TIMEOUT_MS,
              logger,
            }),
          ],
          provider: { provide: AUDIT_PUBLISHER, useExisting: AuditTrail },
        };
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
        ...audit.imports,
      ],
      controllers: [
        // Health needs no token and has no rate limit: orchestrators poll it.
        healthController(Public(), SkipThrottle()),
        contractRoutesController(routes),
      ],
      providers: [
        ...nats.providers,
        audit.provider,
        {
          provide: AccessAudit,
          inject: [AUDIT_PUBLISHER],
          useFactory: (publisher: AuditRecordPublisher) =>
            new AccessAudit(publisher, env.AUDIT_CRITERIA_HMAC_KEY, logger, {
              skip: env.AUDIT_READS === 'skip',
            }),
        },
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
          // Ready when NATS answers, the audit stream can store access records (reads of
          // personal data are refused without it) and Keycloak publishes the realm whose keys
          // verify tokens.
          provide: READINESS_CHECKS,
          inject: [ContractClientHealth, AUDIT_PUBLISHER],
          useFactory: (
            nats: ContractClientHealth,
            auditTrail: Pick<ReadinessCheck, 'check'>,
          ): ReadinessCheck[] => [
            { name: 'nats', check: () => nats.check() },
            { name: 'audit', check: () => auditTrail.check() },
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
