import { type Alert, type CloudEvent, type SubjectRef } from '@opencen/contracts';

/** An alert with the cases it already reported a hit for. */
export interface AlertWithHits {
  readonly alert: Alert;
  readonly hits: readonly string[];
}

/**
 * Where alerts are kept. Each write stores the alert and its events in one atomic single-document
 * write and tells the outbox relay; `update` applies only if the stored version is still
 * `expectedVersion` (CONFLICT otherwise) and then bumps it.
 */
export abstract class AlertRepository {
  abstract findById(id: string): Promise<Alert | null>;
  /** The alerts on a subject, newest first. */
  abstract listBySubject(subject: SubjectRef, activeOnly: boolean): Promise<Alert[]>;
  /** Active alerts on any of these subjects, with their hits. */
  abstract findActiveOn(subjects: readonly SubjectRef[]): Promise<AlertWithHits[]>;
  /** Active alerts whose last valid day is before `today`, at most `limit` of them. */
  abstract findActiveEndingBefore(today: string, limit: number): Promise<Alert[]>;
  abstract insert(alert: Alert, events: readonly CloudEvent[]): Promise<void>;
  /** Stores `alert` (and, if given, one more hit) if still at `expectedVersion`. */
  abstract update(
    alert: Alert,
    expectedVersion: number,
    events: readonly CloudEvent[],
    hit?: string,
  ): Promise<void>;
}

/** Whether the subject of an alert exists in this service. */
export abstract class SubjectDirectory {
  abstract personExists(id: string): Promise<boolean>;
}

export abstract class AlertClock {
  abstract now(): Date;
}

export abstract class AlertIds {
  abstract next(): string;
}

/** Settings of the alerts feature, from the environment. */
export abstract class AlertsOptions {
  abstract readonly expiryIntervalMs: number;
}
