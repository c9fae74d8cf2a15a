import { type ReferenceList } from '@opencen/contracts';
import { ServiceError, staleVersion } from '@opencen/nest-kit';

import { type Entry, entryViolations } from '../domain/entry';
import { type RuleViolation, referencesOf } from '../domain/list-rules';
import { type EntryRepository } from './ports';

/** Checks shared by the use cases that change entries; each failure is the reply the caller gets. */

export function entryNotFound(list: ReferenceList, code: string): ServiceError {
  return ServiceError.notFound(`No entry ${code} in ${list}`);
}

/** Refuses a change made from another version than the stored one, before anything is written. */
export function assertVersion(current: Entry, expectedVersion: number): void {
  if (current.version !== expectedVersion) {
    throw staleVersion(
      `Entry ${current.code} of ${current.list}`,
      expectedVersion,
      current.version,
    );
  }
}

/**
 * Refuses an entry that breaks its list's rules (see domain/entry) or points at codes that do not
 * exist (an office's country, a heading's chapter), with the field path of each problem.
 */
export async function assertFollowsRules(
  entry: Entry,
  entries: EntryRepository,
  more: readonly RuleViolation[] = [],
): Promise<void> {
  const violations = [...entryViolations(entry), ...more];
  const alreadyWrong = new Set(violations.map((violation) => violation.path));
  for (const reference of referencesOf(entry.list, entry.code, entry.attributes)) {
    if (alreadyWrong.has(reference.path)) continue;
    if (!(await entries.findByCode(reference.list, reference.code))) {
      violations.push({
        path: reference.path,
        reason: `no entry ${reference.code} in ${reference.list}`,
        code: 'unknown_code',
      });
    }
  }
  if (violations.length > 0) {
    throw ServiceError.validation(`The entry breaks the rules of ${entry.list}`, violations);
  }
}
