import { Controller, Get, Inject, Res } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { ContractClientHealth } from '@opencen/nest-kit';
import { type Response } from 'express';
import { Public } from '../auth/access';
import { KEYCLOAK_REALM_CHECK, type ReadinessCheck } from './keycloak-realm.check';

type CheckResult = 'up' | `down: ${string}`;

const CHECK_TIMEOUT_MS = 2000;

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
  async ready(
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ status: 'ok' | 'unavailable'; checks: Record<string, CheckResult> }> {
    const [nats, keycloak] = await Promise.all([
      probe(() => this.nats.check()),
      probe(() => this.keycloak.check()),
    ]);
    const checks = { nats, keycloak };
    const up = nats === 'up' && keycloak === 'up';
    res.status(up ? 200 : 503);
    return { status: up ? 'ok' : 'unavailable', checks };
  }
}

async function probe(check: () => Promise<void>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
    return 'up';
  } catch (error) {
    return `down: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    clearTimeout(timer);
  }
}
