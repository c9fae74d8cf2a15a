import { Controller, Get, Res } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { type Response } from 'express';
import { type Connection } from 'mongoose';
import { EventBus } from '../jetstream/event-bus';
import { type Readiness, runReadinessChecks } from './readiness';

/** Liveness (the process answers) and readiness (NATS and MongoDB answer) for orchestrators. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly events: EventBus,
    @InjectConnection() private readonly mongo: Connection,
  ) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<Readiness> {
    const readiness = await runReadinessChecks({
      nats: () => this.events.check(),
      mongo: async () => {
        if (!this.mongo.db) throw new Error('not connected');
        await this.mongo.db.admin().ping();
      },
    });
    res.status(readiness.status === 'ok' ? 200 : 503);
    return readiness;
  }
}
