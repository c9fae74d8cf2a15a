import { type CloudEvent } from '@opencen/contracts';

import { type HistoryEntry } from '../domain/office-record';

/**
 * Where the records of one kind are kept. Each write stores the record, its history line and its
 * events in one atomic single-document write, and tells the outbox relay; the store derives the
 * keys the kind is found by from the record it is given. Each kind's port adds its finders.
 */
export abstract class RecordStore<R> {
  abstract findById(id: string): Promise<R | null>;
  /**
   * The record's change history, oldest first, with its classification (whoever reads the history
   * must be cleared for the record); null when there is no such record.
   */
  abstract history(id: string): Promise<{ classification: string; entries: HistoryEntry[] } | null>;
  abstract insert(record: R, change: HistoryEntry, events: readonly CloudEvent[]): Promise<void>;
  /** Stores the next state if the stored one is still at `expectedVersion`; CONFLICT otherwise. */
  abstract update(
    record: R,
    expectedVersion: number,
    change: HistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void>;
}

/** The reference-data service, asked whether country codes are valid today. */
export abstract class ReferenceCodes {
  /** The codes that are not valid countries, each with the reason; empty when all are valid. */
  abstract invalidCountries(codes: readonly string[]): Promise<Map<string, string>>;
}

/** Tuning of candidate search, from the environment. */
export abstract class MatchingOptions {
  abstract readonly maxCandidatesScored: number;
}
