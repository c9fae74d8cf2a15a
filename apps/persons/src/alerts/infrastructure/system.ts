import { randomUUID } from 'node:crypto';

import { AlertClock, AlertIds } from '../usecases/ports';

export class SystemAlertClock extends AlertClock {
  now(): Date {
    return new Date();
  }
}

/** Random UUIDs: an id says nothing about the subject or the office. */
export class RandomAlertIds extends AlertIds {
  next(): string {
    return randomUUID();
  }
}
