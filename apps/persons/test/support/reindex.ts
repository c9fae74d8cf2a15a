import {
  type RebuildResult,
  type ReindexSource,
  SEARCH_REBUILDS_COLLECTION,
  type SearchRebuild,
  rebuildSearchIndex,
  searchClientOf,
} from '@opencen/nest-kit';
import { createConnection } from 'mongoose';

import { type PersonsEnv } from '../../src/config/env';
import { PERSONS_REINDEX_SOURCES } from '../../src/reindex';

/**
 * What `npm run reindex -w @opencen/persons` does (the kit's runReindexCommand with the service's
 * sources), in process: each index rebuilt from its collection into the next index version, read
 * in `_id` order through a connection of its own, as the command's. The old index is removed at
 * once rather than after the command's drain time.
 */
export async function reindex(
  env: PersonsEnv,
  sources: readonly ReindexSource[] = PERSONS_REINDEX_SOURCES,
): Promise<RebuildResult[]> {
  const connection = await createConnection(env.MONGO_URL, { dbName: env.MONGO_DB }).asPromise();
  const client = searchClientOf(env);
  try {
    const results: RebuildResult[] = [];
    for (const source of sources) {
      const collection = connection.collection<{ _id: string }>(source.collection);
      results.push(
        await rebuildSearchIndex({
          client,
          index: source.index,
          prefix: env.OPENSEARCH_INDEX_PREFIX,
          rebuilds: connection.collection<SearchRebuild>(SEARCH_REBUILDS_COLLECTION),
          drainMs: 0,
          documents: async function* (afterId) {
            const cursor = collection
              .find(afterId ? { _id: { $gt: afterId } } : {})
              .sort({ _id: 1 });
            for await (const stored of cursor) yield source.documentOf(stored);
          },
        }),
      );
    }
    return results;
  } finally {
    await client.close();
    await connection.close();
  }
}
