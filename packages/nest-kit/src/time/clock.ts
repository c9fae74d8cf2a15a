import { randomUUID } from 'node:crypto';
import {
  earlierIdempotentProgress,
  isIdempotentRetry,
  nextIdempotentId,
  recordIdempotentProgress,
} from '../idempotency/idempotent-run';

/**
 * The time, for every service: use cases take it injected so that their tests fix "now"
 * (`FixedClock` in @opencen/testing). ServiceKitModule provides the system clock in UTC; a
 * feature whose days follow the administration's calendar provides one in its time zone.
 */
export abstract class Clock {
  abstract now(): Date;
  /** Today's date, `YYYY-MM-DD`, in the clock's time zone. */
  abstract today(): string;
}

/** The machine's time, with "today" taken in `timeZone` (an IANA name). */
export class SystemClock extends Clock {
  private readonly dayFormat: Intl.DateTimeFormat;

  constructor(timeZone = 'UTC') {
    super();
    this.dayFormat = new Intl.DateTimeFormat('en', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  }

  now(): Date {
    return new Date();
  }

  today(): string {
    const parts = Object.fromEntries(
      this.dayFormat.formatToParts(this.now()).map((part) => [part.type, part.value]),
    );
    return `${parts.year}-${parts.month}-${parts.day}`;
  }
}

/**
 * Ids of new records, for every service: random UUIDs in production (ServiceKitModule provides
 * them), predictable ones in tests (`SequentialIds` in @opencen/testing).
 */
export abstract class IdGenerator {
  abstract next(): string;

  /**
   * True when the request in progress repeats one under the same `Idempotency-Key` that died
   * before it answered: the ids `next()` gives are those of the first run, and a creation answers
   * the record stored under its id instead of storing it again.
   */
  repeatsEarlierRun(): boolean {
    return isIdempotentRetry();
  }

  /**
   * Keeps how far the request in progress got (in its `Idempotency-Key` document), before a write
   * whose key is not one of these ids, such as a message's number; nothing outside such a request.
   */
  recordProgress(progress: string): Promise<void> {
    return recordIdempotentProgress(progress);
  }

  /** What the earlier run recorded last, when `repeatsEarlierRun()`; undefined otherwise. */
  progressOfEarlierRun(): string | undefined {
    return earlierIdempotentProgress();
  }
}

/**
 * Random UUIDs; inside a request under an `Idempotency-Key`, ids derived from the key's seed, the
 * same in every run of that request (see runIdempotent).
 */
export class RandomIds extends IdGenerator {
  next(): string {
    return nextIdempotentId() ?? randomUUID();
  }
}
