import { randomBytes } from 'node:crypto';
import path from 'node:path';

const TEST_DATABASE_PREFIX = 'test_';

/**
 * A database name of its own for one test file, e.g. `test_outbox_1f3a9c`: test files run in
 * parallel against one server and must not see each other's data.
 */
export function testDatabaseName(testFile: string): string {
  const stem = path
    .basename(testFile)
    .replace(/\.(int-)?spec\.[jt]s$/, '')
    .replace(/[^A-Za-z0-9]+/g, '_');
  return `${TEST_DATABASE_PREFIX}${stem.slice(0, 40)}_${randomBytes(3).toString('hex')}`;
}

/** Refuses to touch a database whose name does not say it is a test database. */
export function assertTestDatabase(name: string): void {
  if (!name.startsWith(TEST_DATABASE_PREFIX)) {
    throw new Error(
      `Refusing to use database "${name}" in a test: test databases start with "${TEST_DATABASE_PREFIX}"`,
    );
  }
}
