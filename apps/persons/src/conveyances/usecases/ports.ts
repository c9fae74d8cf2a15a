import { type CloudEvent, type Conveyance } from '@opencen/contracts';

import { type HistoryEntry } from '../../subjects/domain/person';

/**
 * Where means of conveyance are kept. Each write stores the conveyance, its history line and its
 * events in one atomic single-document write, and tells the outbox relay. The store derives the
 * identifier keys (domain/conveyance `identifierKeysOf`) from the conveyance it is given.
 */
export abstract class ConveyanceRepository {
  abstract findById(id: string): Promise<Conveyance | null>;
  /** The conveyance's change history, oldest first; null when there is no such conveyance. */
  abstract history(id: string): Promise<HistoryEntry[] | null>;
  /**
   * Conveyances holding at least one of the identifier keys, in id order, after `after` when
   * given, at most `limit` of them: duplicates on create and pages of a search.
   */
  abstract findByIdentifierKeys(
    keys: readonly string[],
    after: string | undefined,
    limit: number,
  ): Promise<Conveyance[]>;
  abstract insert(
    conveyance: Conveyance,
    change: HistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void>;
  /** Stores the next state if the stored one is still at `expectedVersion`; CONFLICT otherwise. */
  abstract update(
    conveyance: Conveyance,
    expectedVersion: number,
    change: HistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void>;
}
