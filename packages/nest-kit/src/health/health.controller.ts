import { Controller, Get, Optional, Res } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { type Response } from 'express';
import { type Connection } from 'mongoose';
import { EventBus } from '../jetstream/event-bus';
import { type ProjectionLag } from '../search/search-projection';
import { SearchService } from '../search/search.service';
import { type Readiness, runReadinessChecks } from './readiness';

/**
 * Liveness (the process answers) and readiness (NATS, MongoDB and, for a service with search
 * indexes, OpenSearch answer) for orchestrators. Readiness also says how far each search
 * projection is behind: events not yet indexed and the lag of the last one.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly events: EventBus,
    @InjectConnection() private readonly mongo: Connection,
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
    const search = this.search;
    const readiness = await runReadinessChecks({
      ...(search ? { search: () => search.check() } : {}),
      nats: () => this.events.check(),
      mongo: async () => {
        if (!this.mongo.db) throw new Error('not connected');
        await this.mongo.db.admin().ping();
      },
    });
    res.status(readiness.status === 'ok' ? 200 : 503);
    if (!search) return readiness;
    const projections = await search.lag().catch(() => undefined);
    return projections ? { ...readiness, projections } : readiness;
  }
}
