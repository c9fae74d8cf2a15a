import { type CloudEvent, type Company } from '@opencen/contracts';

import { type HistoryEntry } from '../../subjects/domain/person';

/**
 * Where companies are kept. Each write stores the company, its history line and its events in one
 * atomic single-document write, and tells the outbox relay. The store derives the keys
 * (domain/company `companyKeysOf`) from the company it is given.
 */
export abstract class CompanyRepository {
  abstract findById(id: string): Promise<Company | null>;
  /** The company's change history, oldest first; null when there is no such company. */
  abstract history(id: string): Promise<HistoryEntry[] | null>;
  /** Companies sharing at least one match key, at most `limit` of them. */
  abstract findByMatchKeys(keys: readonly string[], limit: number): Promise<Company[]>;
  /**
   * A page of companies, by id, after `after`: those whose names have every one of `nameKeys`,
   * or those holding `number` (normalised).
   */
  abstract search(
    query: { nameKeys: readonly string[] } | { number: string },
    after: string | undefined,
    limit: number,
  ): Promise<Company[]>;
  abstract insert(
    company: Company,
    change: HistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void>;
  /** Stores the next state if the stored one is still at `expectedVersion`; CONFLICT otherwise. */
  abstract update(
    company: Company,
    expectedVersion: number,
    change: HistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void>;
}
