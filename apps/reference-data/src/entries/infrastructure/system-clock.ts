import { Clock } from '../usecases/ports';

/** The machine's time, with "today" taken in the administration's time zone. */
export class SystemClock extends Clock {
  private readonly dayFormat: Intl.DateTimeFormat;

  constructor(timeZone: string) {
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
