import { type CloudEvent, type Principal } from '@opencen/contracts';
import { type Clock, type IdGenerator, ServiceError } from '@opencen/nest-kit';
import { FixedClock, SequentialIds } from '@opencen/testing';

import { type HistoryEntry, type RecordStamps } from '../domain/office-record';
import { readEach } from '../infrastructure/search';
import { type MatchingOptions, type RecordStore, ReferenceCodes } from '../usecases/ports';

/** What the specs of every kind of record share: a time, principals, and stores in memory. */

export const NOW = new Date('2026-11-28T10:00:00.000Z');

export const officer: Principal = {
  sub: 'sub-officer-1',
  username: 'officer1',
  roles: ['officer'],
  office: 'FRA-CDG',
};
export const officerOfAnotherOffice: Principal = {
  ...officer,
  sub: 'sub-officer-2',
  office: 'FRA-ORY',
};
export const analyst: Principal = { sub: 'sub-analyst', username: 'analyst', roles: ['analyst'] };
export const admin: Principal = {
  sub: 'sub-admin',
  username: 'admin',
  roles: ['admin'],
  office: 'FRA-CDG',
};

/** The stamps of a record created by `officer` at NOW, in office FRA-CDG, at version 1. */
export function stampsOf(id: string): RecordStamps {
  const at = NOW.toISOString();
  const by = officer.sub;
  return {
    id,
    office: 'FRA-CDG',
    createdAt: at,
    createdBy: by,
    updatedAt: at,
    updatedBy: by,
    version: 1,
    caseCount: 0,
  };
}

export function contextOf(principal?: Principal) {
  return { correlationId: 'corr-1', principal };
}

/** The reference service, knowing only some countries. */
export class FakeReferenceCodes extends ReferenceCodes {
  readonly asked: string[][] = [];

  constructor(private readonly known: readonly string[] = ['FR', 'RU', 'DE', 'UA']) {
    super();
  }

  async invalidCountries(codes: readonly string[]): Promise<Map<string, string>> {
    this.asked.push([...codes]);
    return new Map(
      codes.filter((code) => !this.known.includes(code)).map((code) => [code, 'unknown']),
    );
  }
}

export const matchingOptions: MatchingOptions = { maxCandidatesScored: 500 };

/** What a spec may set of the ports a kind's use cases take. */
export interface SpecPorts {
  readonly reference?: ReferenceCodes;
  /** Ids are `<ids>-1`, `<ids>-2`…; `<kind>-new` by default. */
  readonly ids?: string;
}

/**
 * The ports every kind's use cases take last, in their order: the reference list (a fake one by
 * default), the matching options, a clock at NOW and sequential ids.
 */
export function specPortsOf(
  kind: string,
  ports: SpecPorts,
): [ReferenceCodes, MatchingOptions, Clock, IdGenerator] {
  return [
    ports.reference ?? new FakeReferenceCodes(),
    matchingOptions,
    new FixedClock(NOW),
    new SequentialIds(ports.ids ?? `${kind}-new`),
  ];
}

/**
 * A store of records in memory, versioned like the real one; each kind's fake adds its finders
 * with {@link InMemoryRecords.where}, deriving the same keys as the real store.
 */
export class InMemoryRecords<
  R extends { id: string; version: number; classification: string; mergedInto?: string },
> implements RecordStore<R> {
  readonly stored = new Map<string, { record: R; history: HistoryEntry[] }>();
  readonly events: CloudEvent[] = [];
  /** The ids read from the store one by one, in order. */
  readonly readsById: string[] = [];
  /** The next update of this record fails, as a crash between the two writes of a merge would. */
  failNextWriteOf: string | undefined;

  constructor(records: readonly R[] = []) {
    for (const record of records) this.stored.set(record.id, { record, history: [] });
  }

  async findById(id: string): Promise<R | null> {
    this.readsById.push(id);
    return this.stored.get(id)?.record ?? null;
  }

  async history(id: string): Promise<{ classification: string; entries: HistoryEntry[] } | null> {
    const stored = this.stored.get(id);
    return stored
      ? { classification: stored.record.classification, entries: stored.history }
      : null;
  }

  findEachById(ids: readonly string[]): Promise<R[]> {
    return readEach(ids, (id) => this.findById(id));
  }

  async insert(record: R, change: HistoryEntry, events: readonly CloudEvent[]): Promise<void> {
    this.stored.set(record.id, { record, history: [change] });
    this.events.push(...events);
  }

  async update(
    record: R,
    expectedVersion: number,
    change: HistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void> {
    if (record.id === this.failNextWriteOf) {
      this.failNextWriteOf = undefined;
      throw new Error('the process died');
    }
    const current = this.stored.get(record.id);
    if (!current) throw ServiceError.notFound(`no such record ${record.id}`);
    if (current.record.version !== expectedVersion) throw ServiceError.conflict('stale');
    this.stored.set(record.id, { record, history: [...current.history, change] });
    this.events.push(...events);
  }

  /** The records passing `test` of the `readable` classifications, merged ones left out, in id order after `after`. */
  protected where(
    test: (record: R) => boolean,
    limit: number,
    readable: readonly string[],
    after?: string,
  ): R[] {
    return [...this.stored.values()]
      .map((entry) => entry.record)
      .filter((record) => record.mergedInto === undefined && test(record))
      .filter((record) => readable.includes(record.classification))
      .filter((record) => after === undefined || record.id > after)
      .sort((a, b) => a.id.localeCompare(b.id))
      .slice(0, limit);
  }
}
