import { Controller, Get, Inject, Optional, Res, type Type } from '@nestjs/common';
import { type Response } from 'express';
import { type ProjectionLag } from '../search/search-projection';
import { SearchService } from '../search/search.service';
import { type Readiness, runReadinessChecks } from './readiness';

/** One dependency that must answer for the app to be ready: NATS, MongoDB, Keycloak… */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

/** The app's {@link ReadinessCheck}s, in the order `/health/ready` lists them. */
export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

/**
 * The health endpoints of every app, for orchestrators: liveness (the process answers) and
 * readiness (each of the app's READINESS_CHECKS answers; 200 when all do, 503 otherwise). An app
 * with search indexes also says how far each projection is behind: events not yet indexed and the
 * lag of the last one. `decorators` are the app's own class decorators (the gateway's: no token,
 * no rate limit).
 */
export function healthController(...decorators: ClassDecorator[]): Type<unknown> {
  @Controller('health')
  class HealthController {
    constructor(
      @Inject(READINESS_CHECKS) private readonly checks: readonly ReadinessCheck[],
      @Optional() private readonly search?: SearchService,
    ) {}

    @Get('live')
    live(): { status: 'ok' } {
      return { status: 'ok' };
    }

    @Get('ready')
    async ready(
      @Res({ passthrough: true }) res: Response,
    ): Promise<Readiness & { projections?: Record<string, ProjectionLag> }> {
      const readiness = await runReadinessChecks(
        Object.fromEntries(this.checks.map((check) => [check.name, () => check.check()])),
      );
      res.status(readiness.status === 'ok' ? 200 : 503);
      if (!this.search) return readiness;
      const projections = await this.search.lag().catch(() => undefined);
      return projections ? { ...readiness, projections } : readiness;
    }
  }
  for (const decorate of decorators) decorate(HealthController);
  return HealthController;
}
