import { randomUUID } from 'node:crypto';

import { Clock, PersonIds } from '../usecases/ports';

/** The machine's time. */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

/** Random UUIDs: an id says nothing about the person, the office or the order of creation. */
export class RandomPersonIds extends PersonIds {
  next(): string {
    return randomUUID();
  }
}
