import { type CloudEvent, type ReferenceList } from '@opencen/contracts';

import { type Entry, type NewEntry } from '../domain/entry';
import { type IsoDate } from '../domain/validity';

/** A page of a list, in code order. */
export interface EntryPageQuery {
  readonly list: ReferenceList;
  /** Words that must each start some keyword of the entry (see domain/keywords). */
  readonly words: readonly string[];
  /** Only entries valid on this day. */
  readonly activeAt?: IsoDate;
  readonly includeDeprecated: boolean;
  /** Only codes after this one. */
  readonly afterCode?: string;
  readonly limit: number;
}

/** What a seed of a list left behind, to know at the next start whether the list is seeded. */
export interface SeedRecord {
  /** Hash of the seed source; a different one means the source changed and the seed runs again. */
  readonly fingerprint: string;
  readonly entries: number;
  readonly seededAt: Date;
}

/**
 * Where entries are kept. Each write stores the entry and its events in one atomic write, takes a
 * new revision of the entry's list (the snapshot version) before it, and tells the outbox relay.
 */
export abstract class EntryRepository {
  abstract findByCode(list: ReferenceList, code: string): Promise<Entry | null>;
  abstract findByCodes(list: ReferenceList, codes: readonly string[]): Promise<Entry[]>;
  abstract findPage(query: EntryPageQuery): Promise<Entry[]>;
  /** Every entry of a list, deprecated ones included, with the list's revision. */
  abstract snapshot(list: ReferenceList): Promise<{ version: number; entries: Entry[] }>;
  /** Stores a new entry; CONFLICT when its code exists (another admin was faster). */
  abstract insert(entry: Entry, events: readonly CloudEvent[]): Promise<void>;
  /** Stores the next state of an entry if it is still at `expectedVersion`; CONFLICT otherwise. */
  abstract update(
    entry: Entry,
    expectedVersion: number,
    events: readonly CloudEvent[],
  ): Promise<void>;
  /** Inserts the entries (of one list) whose code is not stored yet; returns how many it inserted. */
  abstract insertMissing(entries: readonly Entry[]): Promise<number>;
  abstract seedRecord(list: ReferenceList): Promise<SeedRecord | null>;
  abstract recordSeed(list: ReferenceList, record: SeedRecord): Promise<void>;
}

/** Where the entries a list starts with come from. */
export abstract class SeedSources {
  /** The seed of a list, or null when there is none for it. */
  abstract load(list: ReferenceList): Promise<NewEntry[] | null>;
}
