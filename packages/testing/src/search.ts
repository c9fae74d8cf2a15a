import { Client } from '@opensearch-project/opensearch';

/**
 * Retries `check` until it stops throwing, for at most `withinMs` (the bound a contract documents,
 * e.g. how soon a write is searchable), then fails with its last error. For what a service makes
 * true shortly after it answers, never for what it must do at once.
 */
export async function eventually<T>(
  check: () => Promise<T>,
  withinMs: number,
  what = 'the expected state',
): Promise<T> {
  const deadline = Date.now() + withinMs;
  let delay = 25;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() + delay > deadline) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(`Not ${what} within ${withinMs} ms: ${reason}`);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 200);
  }
}

/** Removes the search indexes of a test file (those under its OPENSEARCH_INDEX_PREFIX). */
export async function dropTestSearchIndexes(env: {
  readonly OPENSEARCH_URL?: string;
  readonly OPENSEARCH_INDEX_PREFIX?: string;
}): Promise<void> {
  const prefix = env.OPENSEARCH_INDEX_PREFIX;
  if (!env.OPENSEARCH_URL || !prefix || !prefix.startsWith('test_')) return;
  const client = new Client({ node: env.OPENSEARCH_URL });
  try {
    await client.indices.delete({ index: `${prefix}*` }, { ignore: [404] });
  } finally {
    await client.close();
  }
}
