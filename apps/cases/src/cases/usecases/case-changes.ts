import { type Case, type CloudEvent } from '@opencen/contracts';

import { type Repoint } from '../domain/subject-links';
import { type CaseHistoryEntry, type CaseRepository } from './ports';

/** The case after a change by `by` at `at`: `changes` applied, stamped, at the next version. */
export function nextVersionOf(current: Case, changes: Partial<Case>, at: Date, by: string): Case {
  return {
    ...current,
    ...changes,
    updatedAt: at.toISOString(),
    updatedBy: by,
    version: current.version + 1,
  };
}

/**
 * Stores the next version of a case from the version it was read at, with its history line (the
 * version, when and who are the next version's) and its events, in one write.
 */
export function storeChange(
  cases: CaseRepository,
  current: Case,
  next: Case,
  line: Pick<CaseHistoryEntry, 'change' | 'fields' | 'comment'>,
  events: readonly CloudEvent[],
  repoints?: readonly Repoint[],
): Promise<void> {
  const entry: CaseHistoryEntry = {
    version: next.version,
    at: new Date(next.updatedAt),
    by: next.updatedBy,
    ...line,
  };
  return cases.update(next, current.version, entry, events, repoints);
}
