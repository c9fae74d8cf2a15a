import { type RebuildResult, type ReindexSource, reindexFromStore } from '@opencen/nest-kit';
import { createConnection } from 'mongoose';

import { type PersonsEnv } from '../../src/config/env';
import { PERSONS_REINDEX_SOURCES } from '../../src/reindex';

/**
 * What `npm run reindex -w @opencen/persons` does, in process and through a connection of its own
 * as the command's: each index rebuilt from its collection into the next index version. The old
 * index is removed at once rather than after the command's drain time.
 */
export async function reindex(
  env: PersonsEnv,
  sources: readonly ReindexSource[] = PERSONS_REINDEX_SOURCES,
): Promise<RebuildResult[]> {
  const connection = await createConnection(env.MONGO_URL, { dbName: env.MONGO_DB }).asPromise();
  try {
    return await reindexFromStore(connection, env, sources, { drainMs: 0 });
  } finally {
    await connection.close();
  }
}
