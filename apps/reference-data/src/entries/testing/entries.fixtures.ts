import { ServiceError } from '@opencen/nest-kit';
import { type CloudEvent, type ReferenceList } from '@opencen/contracts';

import { type Entry, entryId } from '../domain/entry';
import { EntryRepository, type EntryPageQuery, type SeedRecord } from '../usecases/ports';

/** Test doubles for the use case specs: an entry factory, an in-memory repository (the clock is @opencen/testing's FixedClock at NOW). */

export const NOW = new Date('2026-03-15T10:00:00.000Z');
export const TODAY = '2026-03-15';

export function anEntry(overrides: Partial<Entry> = {}): Entry {
  return {
    list: 'countries',
    code: 'FR',
    labels: { en: 'France', fr: 'France', ar: 'فرنسا' },
    attributes: { alpha3: 'FRA', numeric: '250' },
    validFrom: '1900-01-01',
    deprecated: false,
    version: 1,
    updatedAt: new Date('2026-01-01T00:00:00.000Z'),
    ...overrides,
  };
}

/**
 * Keeps entries in a map, with the port's conflict rules; records what was written. Queries that
 * the Mongo repository answers (pages) are stubbed per test instead.
 */
export class InMemoryEntries extends EntryRepository {
  readonly stored = new Map<string, Entry>();
  readonly events: CloudEvent[] = [];
  readonly seeds = new Map<ReferenceList, SeedRecord>();
  revision = 0;
  findPage = jest.fn<Promise<Entry[]>, [EntryPageQuery]>(async () => []);

  constructor(entries: readonly Entry[] = []) {
    super();
    for (const entry of entries) this.stored.set(entryId(entry.list, entry.code), entry);
  }

  async findByCode(list: ReferenceList, code: string): Promise<Entry | null> {
    return this.stored.get(entryId(list, code)) ?? null;
  }

  async findByCodes(list: ReferenceList, codes: readonly string[]): Promise<Entry[]> {
    return [...this.stored.values()].filter(
      (entry) => entry.list === list && codes.includes(entry.code),
    );
  }

  async snapshot(list: ReferenceList): Promise<{ version: number; entries: Entry[] }> {
    const entries = [...this.stored.values()].filter((entry) => entry.list === list);
    return { version: this.revision, entries: entries.sort((a, b) => (a.code < b.code ? -1 : 1)) };
  }

  async insert(entry: Entry, events: readonly CloudEvent[]): Promise<void> {
    const id = entryId(entry.list, entry.code);
    if (this.stored.has(id)) throw ServiceError.conflict(`${id} exists`);
    this.revision++;
    this.stored.set(id, entry);
    this.events.push(...events);
  }

  async update(
    entry: Entry,
    expectedVersion: number,
    events: readonly CloudEvent[],
  ): Promise<void> {
    const id = entryId(entry.list, entry.code);
    const current = this.stored.get(id);
    if (!current) throw ServiceError.notFound(`${id} not found`);
    if (current.version !== expectedVersion)
      throw ServiceError.conflict(`${id} is at ${current.version}`);
    this.revision++;
    this.stored.set(id, entry);
    this.events.push(...events);
  }

  async insertMissing(entries: readonly Entry[]): Promise<number> {
    const missing = entries.filter((entry) => !this.stored.has(entryId(entry.list, entry.code)));
    if (missing.length > 0) this.revision++;
    for (const entry of missing) this.stored.set(entryId(entry.list, entry.code), entry);
    return missing.length;
  }

  async seedRecord(list: ReferenceList): Promise<SeedRecord | null> {
    return this.seeds.get(list) ?? null;
  }

  async recordSeed(list: ReferenceList, record: SeedRecord): Promise<void> {
    this.seeds.set(list, record);
  }
}
