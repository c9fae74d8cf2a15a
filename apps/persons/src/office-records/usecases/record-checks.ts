import { type ErrorDetail, type Principal, type SubjectType, mayRead } from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';

import { type OfficeRecord } from '../domain/office-record';
import { type RecordKind } from '../domain/record-kind';
import { type MergeRecord, type MergeableRecord, labelOf } from '../domain/record-merge';
import { type ReferenceCodes } from './ports';

/** Checks every write of a record makes, whatever its kind; each failure is the caller's reply. */

export function recordNotFound(noun: SubjectType, id: string): ServiceError {
  return ServiceError.notFound(`No ${noun} ${id}`);
}

/**
 * The record, if the caller may read it: one above their clearance is NOT_FOUND, as one that does
 * not exist (contracts' classification rule); so is none.
 */
export function readableRecord<R extends { classification: string }>(
  noun: SubjectType,
  id: string,
  reader: Principal | undefined,
  record: R | null,
): R {
  if (!record || !mayRead(reader, record.classification)) throw recordNotFound(noun, id);
  return record;
}

/**
 * Refuses a draft whose identifiers break the kind's rules (checked first: no need to ask the
 * reference-data service about a draft refused anyway), then country codes that service does not
 * know or no longer accepts, naming each field. When that service does not answer, its
 * UNAVAILABLE or TIMEOUT error is the reply: unchecked codes are never stored.
 */
export async function assertValidDraft<
  R extends OfficeRecord<M>,
  D extends object,
  M extends MergeRecord,
>(kind: RecordKind<SubjectType, R, D, M>, draft: D, reference: ReferenceCodes): Promise<void> {
  const issues = kind.draftIssues(draft);
  if (issues.length > 0) {
    throw ServiceError.validation(`The ${kind.noun} has identifiers that are not valid`, issues);
  }
  const codes = kind.countryCodes(draft);
  if (codes.length === 0) return;
  const invalid = await reference.invalidCountries([...new Set(codes.map((c) => c.code))]);
  const details: ErrorDetail[] = codes.flatMap(({ path, code }) => {
    const reason = invalid.get(code);
    return reason === undefined
      ? []
      : [{ path, reason: `${code} is not a valid country: ${reason}`, code: 'unknown_code' }];
  });
  if (details.length > 0) {
    throw ServiceError.validation(`The ${kind.noun} has country codes that are not valid`, details);
  }
}

/** A merged record is edited through its survivor: CONFLICT naming the survivor. */
export function assertNotMerged(noun: SubjectType, record: MergeableRecord): void {
  if (record.mergedInto === undefined) return;
  throw ServiceError.conflict(
    `${labelOf(noun)} ${record.id} was merged into ${record.mergedInto}`,
    [{ path: 'id', reason: `merged into ${record.mergedInto}; edit that ${noun}`, code: 'merged' }],
  );
}

/** Merges chain (A into B, then B into C); a longer chain than this is a loop, a bug. */
const MAX_MERGE_HOPS = 10;

/**
 * The record an id stands for now: the record itself, or the survivor at the end of its
 * `mergedInto` pointers, with `resolvedFrom` naming the id asked for. Null when there is no such
 * record.
 */
export async function resolveMerged<R extends { id: string; mergedInto?: string }>(
  find: (id: string) => Promise<R | null>,
  id: string,
  noun: SubjectType,
): Promise<(R & { resolvedFrom?: string }) | null> {
  let record = await find(id);
  if (!record) return null;
  for (let hops = 0; record.mergedInto !== undefined; hops += 1) {
    if (hops === MAX_MERGE_HOPS) throw new Error(`${noun} ${id}: merge pointers loop`);
    const survivor: R | null = await find(record.mergedInto);
    if (!survivor) throw new Error(`${noun} ${record.id} is merged into a missing ${noun}`);
    record = survivor;
  }
  return record.id === id ? record : { ...record, resolvedFrom: id };
}
