/**
 * The case links kept on subjects: the set of cases each one appears in (so that the same case is
 * never counted twice), how many, and when it was last seen.
 */
export abstract class CaseLinkStore {
  /** Adds `caseId` to the person's cases (no-op if there) and moves last-seen up to `at`. */
  abstract linkPerson(personId: string, caseId: string, at: Date): Promise<void>;
}
