import { type SubjectRef } from '@opencen/contracts';

/**
 * The case links kept on subjects (persons, companies and conveyances): the set of cases each one
 * appears in (so that the same case is never counted twice), how many, and when it was last seen.
 */
export abstract class CaseLinkStore {
  /**
   * The subject a reference stands for now: itself, or the survivor it was merged into (merges
   * chain); null when this service has no such subject.
   */
  abstract resolve(subject: SubjectRef): Promise<SubjectRef | null>;
  /** Adds `caseId` to the subject's cases (no-op if there) and moves last-seen up to `at`. */
  abstract link(subject: SubjectRef, caseId: string, at: Date): Promise<void>;
}
