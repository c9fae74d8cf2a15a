import { Injectable } from '@nestjs/common';

import { Sleeper } from '../usecases/ports';

/** Waits with a timer. */
@Injectable()
export class TimerSleeper extends Sleeper {
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }
}
