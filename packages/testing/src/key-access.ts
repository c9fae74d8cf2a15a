import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The test side of the kit's key-access guard: services under test run with
 * `MONGO_KEY_ACCESS_GUARD=record` and append each query of a growing collection that is not by
 * `_id` to a log file; the integration and end-to-end tiers read the new lines after every test
 * and fail it, naming the queries.
 */

/** A recorded query, as the kit's guard writes it (shape only, never values). */
export interface RecordedKeyAccess {
  database: string;
  collection: string;
  command: string;
  shape: string;
}

/** Log files watched in this test file, with how much of each was read already. */
const watched = new Map<string, number>();

/** The log file for a test database; watched from now on by {@link takeKeyAccessViolations}. */
export function keyAccessLog(database: string): string {
  const directory = path.join(tmpdir(), 'opencen-key-access');
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `${database}.jsonl`);
  watchKeyAccessLog(file);
  return file;
}

/** Watches a log file that another process writes (the end-to-end tier's apps). */
export function watchKeyAccessLog(file: string): void {
  if (!watched.has(file)) watched.set(file, existsSync(file) ? statSync(file).size : 0);
}

/** The env that turns the guard on for a service under test, logging to `file`. */
export function keyAccessGuardEnv(file: string): Record<string, string> {
  return { MONGO_KEY_ACCESS_GUARD: 'record', MONGO_KEY_ACCESS_LOG: file };
}

/** The queries recorded since the last call, and marks them read. */
export function takeKeyAccessViolations(): RecordedKeyAccess[] {
  const found: RecordedKeyAccess[] = [];
  for (const [file, offset] of watched) {
    if (!existsSync(file)) continue;
    const content = readFileSync(file);
    watched.set(file, content.length);
    for (const line of content.subarray(offset).toString('utf8').split('\n')) {
      if (line.trim()) found.push(JSON.parse(line) as RecordedKeyAccess);
    }
  }
  return found;
}

/** Throws, naming each query, when a service under test queried a growing collection not by key. */
export function assertNoKeyAccessViolations(): void {
  const violations = takeKeyAccessViolations();
  if (violations.length === 0) return;
  const lines = [...new Set(violations.map((v) => `${v.collection} ${v.command} ${v.shape}`))];
  throw new Error(
    `Queries of growing collections not by _id (read them by key, move them to the search ` +
      `index, or allow them with the reason in the service's keyAccess):\n  ${lines.join('\n  ')}`,
  );
}
