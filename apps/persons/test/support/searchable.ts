import { type INestApplication } from '@nestjs/common';
import { PERSONS_SEARCHABLE_WITHIN_MS } from '@opencen/contracts';
import { EventBus, SearchService, searchClientOf } from '@opencen/nest-kit';

/**
 * Searches, matches and candidate lists read indexes that follow the store within
 * PERSONS_SEARCHABLE_WITHIN_MS (usually within a second). A test that writes and then searches
 * waits for that, and no longer: these helpers ask again until the answer comes, never sleep for
 * a guessed time.
 */

const RETRY_MS = 100;
const pause = () => new Promise((resolve) => setTimeout(resolve, RETRY_MS));

/**
 * Asks `search` until `found` holds of its answer, for PERSONS_SEARCHABLE_WITHIN_MS at most, and
 * returns the last answer: the test's expectation then shows what was found instead.
 */
export async function searchable<T>(
  search: () => Promise<T>,
  found: (answer: T) => boolean,
): Promise<T> {
  const deadline = Date.now() + PERSONS_SEARCHABLE_WITHIN_MS;
  for (;;) {
    const answer = await search();
    if (found(answer) || Date.now() >= deadline) return answer;
    await pause();
  }
}

/**
 * Waits until every change stored so far is searchable: its events published, every projection
 * of the service caught up and the indexes refreshed. Before a search that must find nothing,
 * which would otherwise pass for a change not indexed yet.
 */
export async function everythingIndexed(app: INestApplication, prefix: string): Promise<void> {
  await app.get(EventBus).flushOutbox();
  const search = app.get(SearchService);
  const deadline = Date.now() + PERSONS_SEARCHABLE_WITHIN_MS;
  for (;;) {
    const lag = await search.lag();
    if (Object.values(lag).every((projection) => projection.pending === 0)) break;
    if (Date.now() >= deadline) {
      throw new Error(
        `Projections still behind after ${PERSONS_SEARCHABLE_WITHIN_MS} ms: ${JSON.stringify(lag)}`,
      );
    }
    await pause();
  }
  await search.client.indices.refresh({ index: `${prefix}*` });
}

/** Removes the indexes of a test file (those under its own OPENSEARCH_INDEX_PREFIX). */
export async function deleteTestIndexes(env: {
  OPENSEARCH_URL: string;
  OPENSEARCH_INDEX_PREFIX: string;
}): Promise<void> {
  // Never `*` alone: that would be every index of the cluster.
  if (!env.OPENSEARCH_INDEX_PREFIX.startsWith('test_')) return;
  const client = searchClientOf(env);
  try {
    await client.indices.delete({ index: `${env.OPENSEARCH_INDEX_PREFIX}*` }, { ignore: [404] });
  } finally {
    await client.close();
  }
}
