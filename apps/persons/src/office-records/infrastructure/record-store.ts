import { type CloudEvent, safeParseTolerantly } from '@opencen/contracts';
import {
  type EventBus,
  type SearchIndexDefinition,
  type SearchService,
  WITHOUT_OUTBOX,
} from '@opencen/nest-kit';
import { type Model, type UpdateQuery } from 'mongoose';

import { type HistoryEntry, type OfficeRecord } from '../domain/office-record';
import { type StoredKind } from '../domain/record-kind';
import { type RecordStore } from '../usecases/ports';
import { IS_MERGED, readEach, readableBy, searchIds } from './search';

/** A stored document: `_id`, dates as Dates, the record's fields and what the store derives. */
export type StoredDocument = { _id: string; version: number } & Record<string, unknown>;

/**
 * Reads a stored record through its kind's contract, tolerantly (see contracts, "Unknown fields"),
 * which drops the store's own fields and any null MongoDB may hold for an absent optional one. A mismatch is a bug or a hand edit of the
 * store: INTERNAL, with the id and the paths only (zod messages may quote personal data).
 */
export function fromStored<R>(
  kind: Pick<StoredKind<R>, 'noun' | 'contract'>,
  document: StoredDocument,
): R {
  const { _id, createdAt, updatedAt, lastSeenAt, ...fields } = document as StoredDocument & {
    createdAt?: Date;
    updatedAt?: Date;
    lastSeenAt?: Date;
  };
  const present = Object.fromEntries(Object.entries(fields).filter(([, value]) => value != null));
  const result = safeParseTolerantly(kind.contract, {
    ...present,
    id: _id,
    createdAt: createdAt?.toISOString(),
    updatedAt: updatedAt?.toISOString(),
    lastSeenAt: lastSeenAt?.toISOString(),
  });
  if (result.success) return result.data;
  const paths = result.error.issues.map((issue) => issue.path.join('.')).join(', ');
  throw new Error(
    `Stored ${kind.noun} ${_id} does not match the ${kind.noun} contract at: ${paths}`,
  );
}

/**
 * The document of a record: `_id`, dates as Dates, the derived keys, absent optionals left out.
 * `resolvedFrom` belongs to a reply, never to the store; the case links (`caseCount`,
 * `lastSeenAt`) are left out too: only the case-links store writes them, so that an edit never
 * overwrites a count it read before.
 */
export function toStored<R extends OfficeRecord>(
  kind: Pick<StoredKind<R>, 'keysOf'>,
  record: R,
): StoredDocument {
  const {
    id,
    createdAt,
    updatedAt,
    caseCount: _caseCount,
    lastSeenAt: _lastSeenAt,
    resolvedFrom: _resolvedFrom,
    ...fields
  } = record as R & { resolvedFrom?: string };
  const document: Record<string, unknown> = {
    _id: id,
    ...fields,
    createdAt: new Date(createdAt),
    updatedAt: new Date(updatedAt),
    ...kind.keysOf(record),
  };
  for (const [field, value] of Object.entries(document)) {
    if (value === undefined) delete document[field];
  }
  return document as StoredDocument;
}

/** What a read of a record leaves out: the fields only the store keeps, the history, the outbox. */
export function readProjection(storeOnly: readonly string[]): Record<string, 0> {
  return {
    ...Object.fromEntries(storeOnly.map((field) => [field, 0 as const])),
    history: 0,
    ...WITHOUT_OUTBOX,
  };
}

/**
 * The store of one kind of record on MongoDB, read and written by `_id`; the searches of a kind
 * (its own repository) ask its index for ids with {@link MongoRecordStore.found}, then read each.
 * Writes go through the kit's EventBus: one atomic single-document write with the events, under
 * the document's write lock.
 */
export class MongoRecordStore<
  R extends OfficeRecord,
  Doc extends { version: number },
> implements RecordStore<R> {
  /** Reads leave out what only the store needs. */
  private readonly projection: Record<string, 0>;

  constructor(
    private readonly kind: StoredKind<R>,
    private readonly records: Model<Doc>,
    private readonly events: EventBus,
    private readonly searchService: SearchService,
    private readonly searchIndex: SearchIndexDefinition,
    /** The fields only the store keeps (the keys it is found by, the case ids). */
    storeOnly: readonly string[],
  ) {
    this.projection = readProjection(storeOnly);
  }

  async findById(id: string): Promise<R | null> {
    const document = await this.records.findById(id, this.projection).lean<StoredDocument>();
    return document ? fromStored(this.kind, document) : null;
  }

  async history(id: string): Promise<{ classification: string; entries: HistoryEntry[] } | null> {
    const document = await this.records
      .findById(id, { history: 1, classification: 1 })
      .lean<{ history?: HistoryEntry[]; classification: string }>();
    return document
      ? { classification: document.classification, entries: document.history ?? [] }
      : null;
  }

  async insert(record: R, change: HistoryEntry, events: readonly CloudEvent[]): Promise<void> {
    await this.events.insertWithEvents(
      this.records.collection.collectionName,
      { ...toStored(this.kind, record), history: [change] },
      events,
      (document) => this.records.create(document as never),
    );
  }

  async update(
    record: R,
    expectedVersion: number,
    change: HistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void> {
    // `version` is left to the versioned update, which increments it only if it is still the expected one.
    const { _id, version: _version, ...fields } = toStored(this.kind, record);
    // Every draft field a new version leaves out (lists are always there), and the merge pointer.
    const absent = [...this.kind.draftFields, 'mergedInto'].filter(
      (field) => (record as Record<string, unknown>)[field] === undefined,
    );
    await this.events.updateVersioned(
      this.records,
      _id,
      expectedVersion,
      {
        $set: fields,
        $push: { history: change },
        ...(absent.length > 0 ? { $unset: Object.fromEntries(absent.map((f) => [f, 1])) } : {}),
      } as unknown as UpdateQuery<Doc>,
      events,
    );
  }

  /** The records of `ids`, each read by `_id`, in their order; those gone or merged left out. */
  findEachById(ids: readonly string[]): Promise<R[]> {
    return readEach(ids, (id) => this.findById(id));
  }

  /**
   * The records a search of the kind's index finds with the clauses of a bool query (and `page`:
   * size, sort, search_after), in its order, each then read from the store: only those of the
   * `readable` classifications, never merged ones (their survivor holds their names and identifiers).
   */
  protected async found(
    bool: { filter?: readonly Record<string, unknown>[] } & Record<string, unknown>,
    page: Record<string, unknown>,
    readable: readonly string[],
  ): Promise<R[]> {
    const filter = [...(bool.filter ?? []), readableBy(readable)];
    const query = { bool: { ...bool, filter, must_not: [IS_MERGED] } };
    return this.findEachById(
      await searchIds(this.searchService, this.searchIndex, { ...page, query }),
    );
  }
}
