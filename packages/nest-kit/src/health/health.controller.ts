import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { type Connection } from 'mongoose';
import { EventBus } from '../jetstream/event-bus';

type CheckResult = 'up' | `down: ${string}`;

const CHECK_TIMEOUT_MS = 2000;

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
  async ready(): Promise<{ status: 'ok'; checks: Record<string, CheckResult> }> {
    const checks = {
      nats: await probe(() => this.events.check()),
      mongo: await probe(async () => {
        if (!this.mongo.db) throw new Error('not connected');
        await this.mongo.db.admin().ping();
      }),
    };
    if (Object.values(checks).some((result) => result !== 'up')) {
      throw new ServiceUnavailableException({ status: 'unavailable', checks });
    }
    return { status: 'ok', checks };
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
