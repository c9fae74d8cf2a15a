import { randomUUID } from 'node:crypto';

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
}

export class RandomIds extends IdGenerator {
  next(): string {
    return randomUUID();
  }
}
