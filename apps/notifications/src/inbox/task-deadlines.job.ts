import { Inject, Injectable } from '@nestjs/common';
import { IntervalJob, KIT_LOGGER } from '@opencen/nest-kit';
import { type Logger } from 'pino';

import { CheckTaskDeadlines } from './usecases/check-task-deadlines';

/** How often the deadlines are checked (TASK_DEADLINES_INTERVAL_MS; 0: never). */
export const TASK_DEADLINES_INTERVAL_MS = Symbol('TASK_DEADLINES_INTERVAL_MS');

/** Runs the task deadline check in every replica (each notification is keyed: none is doubled). */
@Injectable()
export class TaskDeadlinesJob extends IntervalJob {
  constructor(
    private readonly check: CheckTaskDeadlines,
    @Inject(TASK_DEADLINES_INTERVAL_MS) everyMs: number,
    @Inject(KIT_LOGGER) logger: Logger,
  ) {
    super(logger, { name: 'task deadlines', everyMs });
  }

  protected async pass(): Promise<void> {
    const { told } = await this.check.execute();
    if (told > 0) this.logger.info({ told }, 'task deadlines told');
  }
}
