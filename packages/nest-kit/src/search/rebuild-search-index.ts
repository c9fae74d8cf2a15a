import { type Client } from '@opensearch-project/opensearch';
import { type mongo } from 'mongoose';

import { type SearchIndexDefinition, aliasTargets, indexNames, statusOf } from './search-index';
import { BUILDING_LOOKUP_MS, type ProjectedDocument } from './search-projection';

/** Where a rebuild records how far it got, so that a second run resumes it. Bounded: one per index. */
export const SEARCH_REBUILDS_COLLECTION = 'search_rebuilds';

export interface SearchRebuild {
  /** The alias being rebuilt. */
  _id: string;
  /** The index being filled. */
  target: string;
  /** The last aggregate copied, in `_id` order. */
  lastId: string | null;
  copied: number;
  startedAt: Date;
}

export interface RebuildOptions {
  readonly client: Client;
  readonly index: SearchIndexDefinition;
  readonly prefix?: string;
  /** The service's rebuild records (its own database). */
  readonly rebuilds: mongo.Collection<SearchRebuild>;
  /** The store's documents in `_id` order, after `afterId` when given. */
  readonly documents: (afterId: string | null) => AsyncIterable<ProjectedDocument>;
  /** How many documents the store holds, for the progress lines (an estimate is enough). */
  readonly total?: () => Promise<number>;
  readonly batchSize?: number;
  readonly log?: (line: string) => void;
  /** How long the old index keeps serving searches that started before the swap. */
  readonly drainMs?: number;
}

export interface RebuildResult {
  readonly alias: string;
  readonly index: string;
  readonly copied: number;
  readonly resumed: boolean;
  readonly removed: readonly string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Fills the next index version of `index` from the store and swaps its alias to it, while the
 * current index keeps answering searches:
 *
 * 1. the new index gets the `.building` alias, which the projectors of the running service also
 *    write to (they look it up at most BUILDING_LOOKUP_MS late, so copying starts after that);
 * 2. every document of the store is copied in `_id` order with its version as external version,
 *    so a copy never overwrites a newer state the projector wrote meanwhile; the last id copied
 *    is recorded after each batch, and a run that finds a record resumes after it;
 * 3. one atomic alias change moves searches to the new index; the old one is removed once the
 *    searches that started before the swap had time to finish.
 */
export async function rebuildSearchIndex(options: RebuildOptions): Promise<RebuildResult> {
  const { client, index, rebuilds } = options;
  const log = options.log ?? (() => undefined);
  const batchSize = options.batchSize ?? 500;
  const names = indexNames(index, options.prefix);
  const live = await aliasTargets(client, names.alias);

  let record = await rebuilds.findOne({ _id: names.alias });
  const resumed = record !== null && (await indexExists(client, record.target));
  if (!record || !resumed) {
    const target = live.includes(names.versioned)
      ? `${names.versioned}-${compactTime(new Date())}`
      : names.versioned;
    if (!live.includes(target) && (await indexExists(client, target))) {
      // Left by a rebuild whose record is gone: it cannot be trusted to be complete.
      await client.indices.delete({ index: target });
    }
    await client.indices.create({
      index: target,
      body: {
        settings: {
          ...index.settings,
          index: { ...indexSettings(index), refresh_interval: '-1' },
        },
        mappings: index.mappings,
      },
    });
    record = { _id: names.alias, target, lastId: null, copied: 0, startedAt: new Date() };
    await rebuilds.replaceOne({ _id: names.alias }, record, { upsert: true });
    log(`${names.alias}: building ${target} (mappings version ${index.version})`);
  } else {
    log(`${names.alias}: resuming ${record.target} after ${record.copied} documents`);
  }
  const target = record.target;
  await client.indices.putAlias({ index: target, name: names.building });
  await sleep(2 * BUILDING_LOOKUP_MS);

  const total = options.total ? await options.total() : undefined;
  const started = Date.now();
  let copied = record.copied;
  let copiedNow = 0;
  let batch: ProjectedDocument[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    await bulkIndex(client, target, batch);
    copied += batch.length;
    copiedNow += batch.length;
    const lastId = batch.at(-1)!.id;
    await rebuilds.updateOne({ _id: names.alias }, { $set: { lastId, copied } });
    const rate = Math.round(copiedNow / Math.max(0.001, (Date.now() - started) / 1000));
    log(`${names.alias}: ${copied}${total === undefined ? '' : ` of ${total}`} copied (${rate}/s)`);
    batch = [];
  };
  for await (const document of options.documents(record.lastId)) {
    batch.push(document);
    if (batch.length >= batchSize) await flush();
  }
  await flush();

  await client.indices.putSettings({
    index: target,
    body: { index: { refresh_interval: String(indexSettings(index).refresh_interval ?? '1s') } },
  });
  await client.indices.refresh({ index: target });
  const stale = live.filter((name) => name !== target);
  await client.indices.updateAliases({
    body: {
      actions: [
        ...stale.map((name) => ({ remove: { index: name, alias: names.alias } })),
        { add: { index: target, alias: names.alias } },
        { remove: { index: target, alias: names.building } },
      ],
    },
  });
  log(`${names.alias}: now reads ${target}`);
  await rebuilds.deleteOne({ _id: names.alias });
  if (stale.length > 0) {
    await sleep(options.drainMs ?? 5000);
    await client.indices.delete({ index: stale.join(',') }, { ignore: [404] });
    log(`${names.alias}: removed ${stale.join(', ')}`);
  }
  return { alias: names.alias, index: target, copied, resumed, removed: stale };
}

function indexSettings(index: SearchIndexDefinition): Record<string, unknown> {
  return (index.settings as { index?: Record<string, unknown> } | undefined)?.index ?? {};
}

/** Writes a batch with external versions; a newer version already there is not an error. */
async function bulkIndex(
  client: Client,
  index: string,
  documents: readonly ProjectedDocument[],
): Promise<void> {
  const body = documents.flatMap((projected) => [
    {
      index: {
        _index: index,
        _id: projected.id,
        version: projected.version,
        version_type: 'external',
      },
    },
    projected.document,
  ]);
  const { body: reply } = await client.bulk({ body });
  if (!reply.errors) return;
  const failed = reply.items
    .map((item) => Object.values(item)[0]!)
    .filter((result) => result.error && result.status !== 409);
  if (failed.length > 0) {
    throw new Error(
      `${failed.length} documents were refused by ${index}, the first: ${JSON.stringify(failed[0]!.error)}`,
    );
  }
}

async function indexExists(client: Client, index: string): Promise<boolean> {
  const { statusCode } = await client.indices.exists({ index }).catch((error: unknown) => {
    if (statusOf(error) === 404) return { statusCode: 404 };
    throw error;
  });
  return statusCode === 200;
}

function compactTime(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', 't').slice(0, 15);
}
