import { Inject, Injectable } from '@nestjs/common';
import { IntervalJob, KIT_LOGGER } from '@opencen/nest-kit';
import { type Logger } from 'pino';

import { AppendEntry } from './usecases/append-entry';

export const CHECKPOINT_INTERVAL_MS = Symbol('CHECKPOINT_INTERVAL_MS');

/** Signs a checkpoint at the tail when entries came since the last one, at the latest every interval. */
@Injectable()
export class CheckpointJob extends IntervalJob {
  constructor(
    @Inject(KIT_LOGGER) logger: Logger,
    @Inject(CHECKPOINT_INTERVAL_MS) everyMs: number,
    private readonly appendEntry: AppendEntry,
  ) {
    super(logger, { name: 'audit checkpoint', everyMs });
  }

  protected pass(): Promise<void> {
    return this.appendEntry.checkpointTail();
  }
}
