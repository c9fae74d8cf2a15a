import {
  type Case,
  type CaseComment,
  type CloudEvent,
  type ReferenceList,
  type SubjectType,
} from '@opencen/contracts';

import { type CaseNumberClaims, type UnusedClaim } from '../domain/case-number';
import { type Repoint } from '../domain/subject-links';

/** One line of a case's change history. */
export interface CaseHistoryEntry {
  version: number;
  at: Date;
  by: string;
  change: string;
  fields: string[];
  comment?: string;
  /** The photo a `photo-added` line records (photos feature). */
  photoId?: string;
}

/**
 * Where cases are kept. Each write stores the case, its derived dimensions, its history line and
 * its events in one atomic single-document write, and tells the outbox relay. The cases module
 * exports it: photos, search, exchange and subject merges read and write cases only through it.
 */
export abstract class CaseRepository {
  abstract findById(id: string): Promise<Case | null>;
  abstract exists(id: string): Promise<boolean>;
  abstract findByNumber(number: string): Promise<Case | null>;
  abstract history(id: string): Promise<CaseHistoryEntry[] | null>;
  /** Throws CaseNumberTakenError when another stored case holds the case's number. */
  abstract insert(
    kase: Case,
    change: CaseHistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void>;
  /** Stores the next state if the stored one is still at `expectedVersion`; CONFLICT otherwise. */
  abstract update(
    kase: Case,
    expectedVersion: number,
    change: CaseHistoryEntry,
    events: readonly CloudEvent[],
    repoints?: readonly Repoint[],
  ): Promise<void>;
  /** The re-pointings of links by merges in the persons service, kept for undo. */
  abstract repoints(id: string): Promise<Repoint[]>;
  abstract addComment(caseId: string, comment: CaseComment): Promise<void>;
  abstract comments(caseId: string): Promise<CaseComment[]>;
  /**
   * Appends the history line of a photo added to the case, with its events, unless a line records
   * that photo already (so a finish repeated after a crash records it once). Not versioned, like a
   * comment: a photo never makes an edit stale.
   */
  abstract recordPhoto(
    caseId: string,
    photoId: string,
    entry: CaseHistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void>;
  /** The photos the case's history records, in the order they were added; [] without the case. */
  abstract photoIds(caseId: string): Promise<string[]>;
}

/** Claimed case numbers (see domain/case-number). */
export abstract class CaseNumbers implements CaseNumberClaims {
  abstract highest(scope: string): Promise<number>;
  abstract claim(scope: string, sequence: number, caseId: string): Promise<boolean>;
  abstract unused(scope: string, before: Date, limit: number): Promise<UnusedClaim[]>;
  abstract takeOver(
    scope: string,
    sequence: number,
    fromCaseId: string,
    toCaseId: string,
  ): Promise<boolean>;
  abstract markUsed(scope: string, sequence: number, caseId: string): Promise<void>;
  abstract release(scope: string, sequence: number, caseId: string): Promise<void>;
  abstract inTurn<T>(scope: string, allocate: () => Promise<T>): Promise<T>;
}

/** The reference-data service, asked whether codes are valid in a list on a day. */
export abstract class ReferenceCodes {
  /** The codes that are not valid, each with the reason; empty when all are valid. */
  abstract invalid(
    list: ReferenceList,
    codes: readonly string[],
    at?: string,
  ): Promise<Map<string, string>>;
}

/** The persons service, asked whether the subjects a case names exist. */
export abstract class SubjectDirectory {
  /**
   * The id a subject is known under now (a merged person's survivor), or null when unknown.
   */
  abstract resolve(subjectType: SubjectType, id: string): Promise<string | null>;
}
