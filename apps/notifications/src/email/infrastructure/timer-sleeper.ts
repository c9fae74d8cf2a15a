import { Injectable, type OnModuleDestroy } from '@nestjs/common';

import { Sleeper } from '../usecases/ports';

/**
 * Waits with a timer. At shutdown every wait ends at once with an error (and none starts), so a
 * send waiting for its next attempt does not hold the shutdown for minutes: its event is handed
 * back to JetStream, and the replica that takes it goes on from the recorded attempt.
 */
@Injectable()
export class TimerSleeper extends Sleeper implements OnModuleDestroy {
  private stopping = false;
  private readonly waits = new Set<{ timer: NodeJS.Timeout; reject: (error: Error) => void }>();

  sleep(ms: number): Promise<void> {
    if (this.stopping) return Promise.reject(new Error('Shutting down: no further attempt'));
    return new Promise((resolve, reject) => {
      const wait = {
        timer: setTimeout(() => {
          this.waits.delete(wait);
          resolve();
        }, ms),
        reject,
      };
      this.waits.add(wait);
    });
  }

  onModuleDestroy(): void {
    this.stopping = true;
    for (const wait of this.waits) {
      clearTimeout(wait.timer);
      wait.reject(new Error('Shutting down: no further attempt'));
    }
    this.waits.clear();
  }
}
