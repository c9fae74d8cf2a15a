import { type ServiceName } from '@opencen/contracts';
import { type Connection } from 'mongoose';
import { type z } from 'zod';

import { pageSizeOf, parseFlags, runStoreCommand } from '../commands/store-command';
import { type BaseEnv, type SearchEnv } from '../config/env';
import {
  type RebuildOptions,
  type RebuildResult,
  SEARCH_REBUILDS_COLLECTION,
  type SearchRebuild,
  rebuildSearchIndex,
} from './rebuild-search-index';
import { type SearchIndexDefinition } from './search-index';
import { type ProjectedDocument } from './search-projection';
import { searchClientOf } from './search.service';

/** One index a service rebuilds, and the collection of the store it is rebuilt from. */
export interface ReindexSource {
  readonly index: SearchIndexDefinition;
  readonly collection: string;
  /** The index document of a stored document (reading what else it needs by key). */
  readonly documentOf: (
    stored: Record<string, unknown>,
    connection: Connection,
  ) => ProjectedDocument | Promise<ProjectedDocument>;
}

/**
 * `npm run reindex -w @opencen/<service> [-- --index <alias>] [--batch-size n]`: rebuilds each of
 * the service's indexes (or the one named) from its store into the next index version and swaps
 * its alias, printing progress; a run after an interrupted one resumes it.
 */
export function runReindexCommand<E extends BaseEnv & SearchEnv>(
  service: ServiceName,
  envSchema: z.ZodType<E>,
  sources: readonly ReindexSource[],
  argv: readonly string[] = process.argv.slice(2),
): void {
  runStoreCommand({
    service,
    name: 'reindex',
    envSchema,
    hint: 'run the same command again to resume where it stopped',
    parse: () => {
      const flags = parseFlags(argv, ['--index', '--batch-size']);
      const only = flags.get('--index');
      const chosen = only ? sources.filter((source) => source.index.alias === only) : sources;
      if (chosen.length === 0) {
        throw new Error(
          `--index ${only} is not an index of ${service} (${sources.map((s) => s.index.alias).join(', ')})`,
        );
      }
      const size = flags.get('--batch-size');
      return { chosen, batchSize: size ? pageSizeOf(size, '--batch-size') : 500 };
    },
    work: async (connection, env, { chosen, batchSize }) => {
      const results = await reindexFromStore(connection, env, chosen, {
        batchSize,
        log: (line) => process.stdout.write(`${line}\n`),
      });
      for (const result of results) {
        process.stdout.write(
          `${result.alias}: ${result.copied} documents in ${result.index}` +
            `${result.resumed ? ' (resumed)' : ''}\n`,
        );
      }
    },
  });
}

/**
 * Rebuilds each source's index from its collection of the store (what the reindex command does),
 * reading the collection once in `_id` order; resumes a rebuild that was interrupted.
 */
export async function reindexFromStore(
  connection: Connection,
  env: SearchEnv,
  sources: readonly ReindexSource[],
  options: Pick<RebuildOptions, 'batchSize' | 'log' | 'drainMs'> = {},
): Promise<RebuildResult[]> {
  const client = searchClientOf(env);
  const batchSize = options.batchSize ?? 500;
  try {
    const results: RebuildResult[] = [];
    for (const source of sources) {
      const collection = connection.collection<{ _id: string }>(source.collection);
      results.push(
        await rebuildSearchIndex({
          ...options,
          client,
          index: source.index,
          prefix: env.OPENSEARCH_INDEX_PREFIX,
          rebuilds: connection.collection<SearchRebuild>(SEARCH_REBUILDS_COLLECTION),
          batchSize,
          total: () => collection.estimatedDocumentCount(),
          // One pass in _id order (a scan the store does once per rebuild, not per page).
          documents: async function* (afterId) {
            const cursor = collection
              .find(afterId ? { _id: { $gt: afterId } } : {})
              .sort({ _id: 1 })
              .batchSize(batchSize);
            for await (const stored of cursor) {
              yield await source.documentOf(stored as Record<string, unknown>, connection);
            }
          },
        }),
      );
    }
    return results;
  } finally {
    await client.close();
  }
}
