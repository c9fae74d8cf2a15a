import { Controller, Get, Inject, Res } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ContractClientHealth, type Readiness, runReadinessChecks } from '@opencen/nest-kit';
import { type Response } from 'express';
import { Public } from '../auth/access';
import { KEYCLOAK_REALM_CHECK, type ReadinessCheck } from './keycloak-realm.check';

/**
 * Liveness (the process answers) and readiness (NATS answers, and Keycloak publishes the realm
 * whose keys verify tokens) for orchestrators; no token, no rate limit.
 */
@Public()
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly nats: ContractClientHealth,
    @Inject(KEYCLOAK_REALM_CHECK) private readonly keycloak: ReadinessCheck,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<Readiness> {
    const readiness = await runReadinessChecks({
      nats: () => this.nats.check(),
      keycloak: () => this.keycloak.check(),
    });
    res.status(readiness.status === 'ok' ? 200 : 503);
    return readiness;
  }
}
