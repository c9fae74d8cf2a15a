import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type CloudEvent, type ReferenceList } from '@opencen/contracts';
import {
  EventBus,
  ServiceError,
  documentWriteLock,
  isDuplicateKeyError,
  WITHOUT_OUTBOX,
} from '@opencen/nest-kit';
import { type FilterQuery, Model, mongo } from 'mongoose';

import { type Entry, entryId } from '../domain/entry';
import { EntryRepository, type EntryPageQuery, type SeedRecord } from '../usecases/ports';
import { type EntryFields, toDocument, toEntry } from './entry.mapper';
import { ENTRY_MODEL, type EntryDocument } from './entry.schema';
import { LIST_MODEL, LISTS_COLLECTION, type ListDocument } from './list.schema';

/** Reads leave out what only the store needs. */
const ENTRY_PROJECTION = { keywords: 0, ...WITHOUT_OUTBOX } as const;
const INSERT_BATCH = 500;
/** Lookups by `_id` sent together when validating a batch of codes. */
const LOOKUPS_AT_ONCE = 16;

/**
 * How long validation trusts the entries it read before it reads the list's revision again: a
 * change made by another replica is validated against within this, a change made here at once.
 */
export const VALIDATION_REVISION_CHECK_MS = 1_000;
/** Entries read this soon after the revision moved are not kept: their write may still be landing. */
const SETTLING_MS = 2_000;
/** However quiet the list, nothing is kept longer (a write that stalled between its two steps). */
const KEPT_AT_MOST_MS = 60_000;

/** What validation read of one list, kept while the list's revision stays the same. */
interface KeptList {
  revision: number;
  /** When the revision was last read, and when it was last seen to move. */
  checkedAt: number;
  movedAt: number;
  entries: Map<string, { entry: Entry; readAt: number }>;
}

@Injectable()
export class MongoEntryRepository extends EntryRepository {
  private readonly kept = new Map<ReferenceList, KeptList>();

  constructor(
    @InjectModel(ENTRY_MODEL) private readonly entries: Model<EntryDocument>,
    @InjectModel(LIST_MODEL) private readonly lists: Model<ListDocument>,
    private readonly events: EventBus,
  ) {
    super();
  }

  async findByCode(list: ReferenceList, code: string): Promise<Entry | null> {
    const document = await this.entries
      .findById(entryId(list, code), ENTRY_PROJECTION)
      .lean<EntryFields>();
    return document ? toEntry(document) : null;
  }

  /**
   * One lookup by `_id` per code, a few at a time, rather than one `{ list, code: { $in } }`
   * query: FerretDB 1.24 serves only `_id` equality from its index and scans the whole collection
   * for anything else (measured: 3 codes among 8,000 entries took seconds with `$in`, milliseconds
   * by `_id`), and every create or update in persons and cases waits on this validation.
   */
  async findByCodes(list: ReferenceList, codes: readonly string[]): Promise<Entry[]> {
    // Validation asks for a dozen codes of each case or person written (two thirds of the store's
    // commands when cases are created): what was found is kept while the list's revision, read at
    // most every VALIDATION_REVISION_CHECK_MS, stays the same. A code not found is always read
    // again, so an entry just added is valid at once.
    const kept = await this.keptList(list);
    const now = Date.now();
    const found: Entry[] = [];
    const unknown: string[] = [];
    for (const code of new Set(codes)) {
      const hit = kept.entries.get(code);
      if (hit && now - hit.readAt < KEPT_AT_MOST_MS) found.push(hit.entry);
      else unknown.push(code);
    }
    const keep = now - kept.movedAt >= SETTLING_MS;
    for (let start = 0; start < unknown.length; start += LOOKUPS_AT_ONCE) {
      const documents = await Promise.all(
        unknown
          .slice(start, start + LOOKUPS_AT_ONCE)
          .map((code) =>
            this.entries.findById(entryId(list, code), ENTRY_PROJECTION).lean<EntryFields>(),
          ),
      );
      for (const document of documents) {
        if (!document) continue;
        const entry = toEntry(document);
        found.push(entry);
        if (keep) kept.entries.set(entry.code, { entry, readAt: now });
      }
    }
    return found;
  }

  /** The entries kept for validation of `list`, emptied when its revision has moved. */
  private async keptList(list: ReferenceList): Promise<KeptList> {
    const now = Date.now();
    let kept = this.kept.get(list);
    if (kept && now - kept.checkedAt < VALIDATION_REVISION_CHECK_MS) return kept;
    const revision = await this.currentRevision(list);
    if (!kept || kept.revision !== revision) {
      kept = { revision, checkedAt: now, movedAt: now, entries: new Map() };
      this.kept.set(list, kept);
    } else kept.checkedAt = now;
    return kept;
  }

  /** A write of this process: validation reads the list again. */
  private forgetKept(list: ReferenceList): void {
    this.kept.delete(list);
  }

  async findPage(query: EntryPageQuery): Promise<Entry[]> {
    const filter: FilterQuery<EntryDocument> = { list: query.list };
    const conditions: FilterQuery<EntryDocument>[] = [];
    if (query.afterCode !== undefined) filter.code = { $gt: query.afterCode };
    if (!query.includeDeprecated) filter.deprecated = false;
    if (query.activeAt !== undefined) {
      filter.validFrom = { $lte: query.activeAt };
      // `validTo: null` also matches entries without the field: no end of validity.
      conditions.push({ $or: [{ validTo: null }, { validTo: { $gte: query.activeAt } }] });
    }
    // One condition per word, not `$all` with regexes: FerretDB answers that with nothing.
    for (const word of query.words) {
      conditions.push({ keywords: { $regex: `^${escapeRegex(word)}` } });
    }
    if (conditions.length > 0) filter.$and = conditions;
    const documents = await this.entries
      .find(filter, ENTRY_PROJECTION)
      .sort({ code: 1 })
      .limit(query.limit)
      .lean<EntryFields[]>();
    return documents.map(toEntry);
  }

  async snapshot(list: ReferenceList): Promise<{ version: number; entries: Entry[] }> {
    // The counter is read before the entries, and an entry written meanwhile may carry a newer
    // revision: the version is the larger of both. A write in flight at that instant (revision
    // taken, entry not yet stored) is missed under an already counted version; its event follows,
    // which is why copies apply events by entry version (see README).
    const counted = await this.currentRevision(list);
    const documents = await this.entries
      .find({ list }, ENTRY_PROJECTION)
      .sort({ code: 1 })
      .lean<EntryFields[]>();
    const latest = Math.max(0, ...documents.map((document) => document.revision));
    return { version: Math.max(counted, latest), entries: documents.map(toEntry) };
  }

  async insert(entry: Entry, events: readonly CloudEvent[]): Promise<void> {
    const revision = await this.nextRevision(entry.list);
    try {
      await this.events.insertWithEvents(
        this.entries.collection.collectionName,
        toDocument(entry, revision),
        events,
        (document) => this.entries.create(document),
      );
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      throw ServiceError.conflict(`${entry.list} already has an entry ${entry.code}`, [
        { path: 'code', reason: 'already exists', code: 'duplicate_code' },
      ]);
    }
  }

  async update(
    entry: Entry,
    expectedVersion: number,
    events: readonly CloudEvent[],
  ): Promise<void> {
    const revision = await this.nextRevision(entry.list);
    // `version` is left to the versioned update, which increments it only if it is still the expected one.
    const { _id, version: _version, ...fields } = toDocument(entry, revision);
    const unset = {
      ...(entry.validTo === undefined ? { validTo: 1 } : {}),
      ...(entry.replacedBy === undefined ? { replacedBy: 1 } : {}),
    };
    await this.events.updateVersioned(
      this.entries,
      _id,
      expectedVersion,
      { $set: fields, ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}) },
      events,
    );
  }

  async insertMissing(entries: readonly Entry[]): Promise<number> {
    const list = entries[0]?.list;
    if (list === undefined) return 0;
    const stored = await this.entries.find({ list }, { code: 1 }).lean<{ code: string }[]>();
    const known = new Set(stored.map((document) => document.code));
    const missing = entries.filter((entry) => !known.has(entry.code));
    if (missing.length === 0) return 0;
    const revision = await this.nextRevision(list);
    let inserted = 0;
    for (let start = 0; start < missing.length; start += INSERT_BATCH) {
      const batch = missing
        .slice(start, start + INSERT_BATCH)
        .map((entry) => toDocument(entry, revision));
      inserted += await this.insertIgnoringDuplicates(batch);
    }
    return inserted;
  }

  async seedRecord(list: ReferenceList): Promise<SeedRecord | null> {
    const document = await this.lists.findById(list).lean<ListDocument>();
    return document?.seed ?? null;
  }

  async recordSeed(list: ReferenceList, record: SeedRecord): Promise<void> {
    await this.writeList(list, () =>
      this.lists.updateOne({ _id: list }, { $set: { seed: record } }, { upsert: true }),
    );
  }

  /** Takes the list's next revision, before the entry write it stamps (see list.schema.ts). */
  private async nextRevision(list: ReferenceList): Promise<number> {
    this.forgetKept(list);
    const take = () =>
      this.writeList(list, () =>
        this.lists
          .findOneAndUpdate({ _id: list }, { $inc: { revision: 1 } }, { upsert: true, new: true })
          .lean<ListDocument>(),
      );
    // Two first writes of a list may both try to create its document; the loser just retries.
    const document = await take().catch((error: unknown) => {
      if (isDuplicateKeyError(error)) return take();
      throw error;
    });
    if (!document) throw new Error(`No revision document for list ${list}`);
    return document.revision;
  }

  /**
   * FerretDB 1.24 applies concurrent updates of one document by read-modify-write, so two `$inc`
   * at once could hand out the same revision: this process's writes to a list document take turns.
   */
  private writeList<T>(list: ReferenceList, write: () => Promise<T>): Promise<T> {
    return documentWriteLock.run(LISTS_COLLECTION, list, write);
  }

  private async currentRevision(list: ReferenceList): Promise<number> {
    const document = await this.lists.findById(list, { revision: 1 }).lean<ListDocument>();
    return document?.revision ?? 0;
  }

  /** Inserts what is not there yet: a duplicate means another replica inserted it meanwhile. */
  private async insertIgnoringDuplicates(documents: EntryFields[]): Promise<number> {
    try {
      const result = await this.entries.collection.insertMany(
        documents.map((document) => ({
          ...document,
          outbox: [],
        })) as unknown as mongo.OptionalId<mongo.Document>[],
        { ordered: false },
      );
      return result.insertedCount;
    } catch (error) {
      if (!(error instanceof mongo.MongoBulkWriteError)) throw error;
      if (![error.writeErrors].flat().every(isDuplicateKeyError)) throw error;
      return error.insertedCount;
    }
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
