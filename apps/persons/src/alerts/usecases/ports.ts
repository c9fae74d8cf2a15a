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
  /**
   * The ids of the alerts the search index holds as active with their last valid day before
   * `today`, in id order after `after`, at most `limit` of them. The index follows the store within
   * PERSONS_SEARCHABLE_WITHIN_MS: the alert read from the store has the last word.
   */
  abstract idsActiveEndingBefore(today: string, limit: number, after?: string): Promise<string[]>;
  abstract insert(alert: Alert, events: readonly CloudEvent[]): Promise<void>;
  /** The alerts a merge moved (see {@link MergeMove}), any status. */
  abstract findMovedBy(mergeId: string): Promise<Alert[]>;
  /**
   * Stores `alert` (whose subject changed) if still at `expectedVersion`, recording the merge that
   * moved it, or forgetting it when `move` is null (the alert is back where it was).
   */
  abstract move(
    alert: Alert,
    expectedVersion: number,
    events: readonly CloudEvent[],
    move: MergeMove | null,
  ): Promise<void>;
  /** Stores `alert` (and, if given, one more hit) if still at `expectedVersion`. */
  abstract update(
    alert: Alert,
    expectedVersion: number,
    events: readonly CloudEvent[],
    hit?: string,
  ): Promise<void>;
}

/** Where an alert was moved from by a merge, so that undoing the merge moves it back. */
export interface MergeMove {
  readonly mergeId: string;
  /** The subject the alert was on before the merge (the merged one). */
  readonly from: SubjectRef;
}

/** The subjects of this same service, as alerts see them. */
export abstract class SubjectDirectory {
  /**
   * The subject a reference stands for now: itself, or the survivor it was merged into (merges
   * chain); null when there is no such subject.
   */
  abstract resolve(subject: SubjectRef): Promise<SubjectRef | null>;
  /** The subject's classification; null when there is no such subject. */
  abstract classificationOf(subject: SubjectRef): Promise<string | null>;
  /** Whether merge `mergeId` of `mergedId` into `survivorId` is in force (done, not undone). */
  abstract mergeInForce(
    subjectType: SubjectRef['subjectType'],
    merge: { mergeId: string; survivorId: string; mergedId: string },
  ): Promise<boolean>;
}

/** Settings of the alerts feature, from the environment. */
export abstract class AlertsOptions {
  abstract readonly expiryIntervalMs: number;
}
