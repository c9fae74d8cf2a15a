import {
  type CloudEvent,
  type EventContract,
  consumerName,
  recordMergeEventDataSchema,
} from '@opencen/contracts';
import {
  type ProjectedDocument,
  type ReindexSource,
  type SearchIndexDefinition,
  type SearchProjection,
  type SearchService,
  WITHOUT_OUTBOX,
} from '@opencen/nest-kit';
import { type Model } from 'mongoose';

/**
 * What the persons indexes share (ARCHITECTURE.md, "a system of record by key, a search engine for
 * the rest"): their settings, the field types that hold keys and names, and how a search becomes
 * the records it found. Each feature's `infrastructure/<x>-search.index.ts` holds its own index.
 */

/**
 * Every index of the service: one shard (a national subjects database fits in one, and candidate
 * scores are then comparable), and a replica as soon as the cluster has a second node.
 */
export const PERSONS_INDEX_SETTINGS = { number_of_shards: 1, auto_expand_replicas: '0-1' } as const;

/** Names as written compared regardless of case and diacritics: José Müller is jose muller. */
export const FOLDED_ANALYSIS = {
  analyzer: {
    folded: { type: 'custom', tokenizer: 'standard', filter: ['lowercase', 'asciifolding'] },
  },
} as const;

/** A key compared as a whole: matching keys, normalised identifiers, ids, codes. */
export const KEYWORD = { type: 'keyword' } as const;
/** A name in words, through the folded analyzer. */
export const FOLDED_TEXT = { type: 'text', analyzer: 'folded' } as const;

/**
 * A merged record stays in its index with `mergedInto`, so that the index says the same as the
 * store; retrieval leaves it out (its survivor holds its names, documents and identifiers).
 */
export const IS_MERGED = { exists: { field: 'mergedInto' } } as const;

/**
 * The records of these classifications only: those within the caller's clearance. A document of an
 * index built before its mappings held `classification` has none: it passes here, and the
 * classification of the record read from the store decides (the use cases check it), so that a
 * search keeps working until the reindex command has swapped the index.
 */
export function readableBy(classifications: readonly string[]): Record<string, unknown> {
  return {
    bool: {
      should: [
        { terms: { classification: [...classifications] } },
        { bool: { must_not: [{ exists: { field: 'classification' } }] } },
      ],
      minimum_should_match: 1,
    },
  };
}

/**
 * The records an event of a subject changes: both sides of a merge or of its undo (the survivor
 * gains or loses what the merged record had, the merged one gets or loses `mergedInto`), otherwise
 * the one it is about.
 */
export function recordsChangedBy(event: CloudEvent<unknown>): readonly string[] {
  const merge = recordMergeEventDataSchema.safeParse(event.data);
  return merge.success ? [merge.data.survivorId, merge.data.mergedId] : [event.subject];
}

/**
 * The index of a kind of record: one shard, strict mappings, and beside the kind's own fields
 * (each commented with the query it serves) the three every kind has: `id`, for pages in id order
 * and the tie-break of equal scores; `classification`, which every retrieval filters on within the
 * caller's clearance ({@link readableBy}); and `mergedInto`, the survivor of a merged record, which
 * every retrieval leaves out.
 */
export function recordIndex(definition: {
  readonly alias: string;
  readonly version: number;
  readonly analysis?: Record<string, unknown>;
  readonly properties: Record<string, unknown>;
}): SearchIndexDefinition {
  const { alias, version, analysis, properties } = definition;
  return {
    alias,
    version,
    settings: analysis ? { ...PERSONS_INDEX_SETTINGS, analysis } : PERSONS_INDEX_SETTINGS,
    mappings: {
      dynamic: 'strict',
      properties: { id: KEYWORD, classification: KEYWORD, ...properties, mergedInto: KEYWORD },
    },
  };
}

/** The index document of a stored record at its version: id, classification, the kind's fields, `mergedInto`. */
export function recordIndexDocument(
  stored: StoredForIndex<{ classification: string; mergedInto?: string }>,
  fields: Record<string, unknown>,
): ProjectedDocument {
  return {
    id: stored._id,
    version: stored.version,
    document: {
      id: stored._id,
      classification: stored.classification,
      ...fields,
      ...(stored.mergedInto ? { mergedInto: stored.mergedInto } : {}),
    },
  };
}

/** A stored record as its index reads it: without its history and pending events. */
export type StoredForIndex<D> = Partial<Omit<D, 'history' | 'outbox'>> & {
  _id: string;
  version: number;
};

/** How the index of a kind of record is fed from the kind's events and rebuilt from its collection. */
export interface RecordIndexing {
  /** The source the reindex command rebuilds the index from. */
  readonly reindex: ReindexSource;
  /** The projection fed by the durable consumer of the kind's events. */
  projection<D>(records: Model<D>): SearchProjection;
}

/**
 * The indexing of a kind (persons, companies, conveyances): each of its events re-reads the
 * records it changed (both sides of a merge) from the store by `_id`, without their history and
 * outbox, and indexes them with `documentOf`; the reindex command does the same from the collection.
 */
export function recordIndexing<S extends StoredForIndex<unknown>>(options: {
  readonly kind: { readonly events: Readonly<Record<string, EventContract>> };
  /** The durable consumer's name within the service (`search-people`): kept across releases. */
  readonly consumer: string;
  readonly index: SearchIndexDefinition;
  readonly collection: string;
  readonly documentOf: (stored: S) => ProjectedDocument;
}): RecordIndexing {
  const { kind, consumer, index, collection, documentOf } = options;
  return {
    reindex: { index, collection, documentOf: (stored) => documentOf(stored as S) },
    projection: <D>(records: Model<D>) => ({
      durable: consumerName('persons', consumer),
      index,
      events: Object.values(kind.events),
      documentsOf: recordsChangedBy,
      load: async (id) => {
        const stored = await records.findById(id, { history: 0, ...WITHOUT_OUTBOX }).lean<S>();
        return stored ? documentOf(stored) : null;
      },
    }),
  };
}

/** A page in id order: `id` ascending, after the id of the previous page's last record. */
export function inIdOrder(after: string | undefined): Record<string, unknown> {
  return { sort: [{ id: 'asc' }], ...(after === undefined ? {} : { search_after: [after] }) };
}

/** The ids a search of an index finds, in its order (the documents themselves are not read). */
export async function searchIds(
  search: SearchService,
  index: SearchIndexDefinition,
  body: Record<string, unknown>,
): Promise<string[]> {
  const { hits } = await search.query(index, { _source: false, track_total_hits: false, ...body });
  return hits.map((hit) => hit._id);
}

/**
 * The records of `ids` read from the store, each by `_id` (one read per id, all at once: a filter
 * on `_id` with `$in` is not a read by key on FerretDB), in the order of `ids`. The store has the
 * last word: a record gone or merged since it was indexed is left out.
 */
export async function readEach<R extends { mergedInto?: string }>(
  ids: readonly string[],
  read: (id: string) => Promise<R | null>,
): Promise<R[]> {
  const records: (R | null)[] = await Promise.all(ids.map(read));
  return records.filter((record): record is R => record !== null && !record.mergedInto);
}
