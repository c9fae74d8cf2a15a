import { assertTestDatabase, testDatabaseName } from './databases';
import { testInfrastructure } from './infrastructure';
import { keyAccessGuardEnv, keyAccessLog } from './key-access';

/**
 * The environment for a service started in process by a test: the shared test infrastructure, a
 * database of the test file's own, an ephemeral HTTP port and quiet logs. Pass the result to the
 * service's env schema (loadEnv) so it is validated like a real boot. The key-access guard is on:
 * a query of a growing collection not by `_id` fails the test that made it.
 */
export function testServiceEnv(
  testFile: string,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const { natsUrl, mongoUrl, opensearchUrl } = testInfrastructure();
  const database = testDatabaseName(testFile);
  assertTestDatabase(database);
  return {
    NODE_ENV: 'test',
    NATS_URL: natsUrl,
    MONGO_URL: mongoUrl,
    MONGO_DB: database,
    OPENSEARCH_URL: opensearchUrl,
    // Indexes of the test file's own, named like its database.
    OPENSEARCH_INDEX_PREFIX: `${database.toLowerCase()}-`,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SHUTDOWN_GRACE_MS: '5000',
    ...keyAccessGuardEnv(keyAccessLog(database)),
    ...extra,
  };
}
