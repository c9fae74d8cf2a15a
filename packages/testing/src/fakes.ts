/**
 * Stand-ins for the kit's Clock and IdGenerator in unit tests (they match those classes by
 * shape, so this package need not depend on nest-kit): a time the test sets and moves, and ids
 * that say in which order they were made.
 */

/** A clock that says what the test wants: `at` until it is moved. */
export class FixedClock {
  constructor(private at: Date = new Date('2026-03-01T10:00:00.000Z')) {}

  now(): Date {
    return new Date(this.at);
  }

  today(): string {
    return this.at.toISOString().slice(0, 10);
  }

  /** Sets the time. */
  set(at: Date): void {
    this.at = new Date(at);
  }

  /** Moves the time on by `ms`. */
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

/** Ids `<prefix>-1`, `<prefix>-2`, … in the order they are asked for. */
export class SequentialIds {
  private count = 0;

  constructor(private readonly prefix = 'id') {}

  /** Set by a test to play a run that repeats a crashed one of the same Idempotency-Key request. */
  repeating = false;

  next(): string {
    this.count += 1;
    return `${this.prefix}-${this.count}`;
  }

  repeatsEarlierRun(): boolean {
    return this.repeating;
  }

  /** What the run recorded (recordProgress), oldest first; a repeating run reads the last. */
  progress: string[] = [];

  async recordProgress(progress: string): Promise<void> {
    this.progress.push(progress);
  }

  progressOfEarlierRun(): string | undefined {
    return this.repeating ? this.progress.at(-1) : undefined;
  }
}
