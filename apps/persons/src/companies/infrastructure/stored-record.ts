import { type z } from 'zod';

/**
 * Reads a stored record through its contract, which drops the store's own fields and any null
 * MongoDB may hold for an absent optional one. A mismatch is a bug or a hand edit of the store:
 * INTERNAL, with the id and the paths only (zod messages may quote personal data).
 */
export function fromStored<T>(
  contract: z.ZodType<T>,
  what: string,
  document: { _id: string; createdAt?: Date; updatedAt?: Date; lastSeenAt?: Date } & Record<
    string,
    unknown
  >,
): T {
  const { _id, createdAt, updatedAt, lastSeenAt, ...fields } = document;
  const present = Object.fromEntries(Object.entries(fields).filter(([, value]) => value != null));
  const result = contract.safeParse({
    ...present,
    id: _id,
    createdAt: createdAt?.toISOString(),
    updatedAt: updatedAt?.toISOString(),
    lastSeenAt: lastSeenAt?.toISOString(),
  });
  if (result.success) return result.data;
  const paths = result.error.issues.map((issue) => issue.path.join('.')).join(', ');
  throw new Error(`Stored ${what} ${_id} does not match the ${what} contract at: ${paths}`);
}

/**
 * The document fields of a record: `_id`, dates as Dates, derived keys, absent optionals left out.
 * The case links (`caseCount`, `lastSeenAt`) are left out too: only the case-links store writes
 * them, so that an edit never overwrites a count it read before.
 */
export function toStored<R extends { id: string; createdAt: string; updatedAt: string }>(
  record: R,
  keys: object,
): Record<string, unknown> & { _id: string; version: number } {
  const {
    id,
    createdAt,
    updatedAt,
    caseCount: _caseCount,
    lastSeenAt: _lastSeenAt,
    ...fields
  } = record as R & { caseCount?: number; lastSeenAt?: string };
  const document: Record<string, unknown> = {
    _id: id,
    ...fields,
    createdAt: new Date(createdAt),
    updatedAt: new Date(updatedAt),
    ...keys,
  };
  for (const [field, value] of Object.entries(document)) {
    if (value === undefined) delete document[field];
  }
  return document as Record<string, unknown> & { _id: string; version: number };
}

/** `$unset` of the optional fields a new version leaves out. */
export function unsetAbsent(
  record: object,
  optional: readonly string[],
): Record<string, 1> | undefined {
  const absent = optional.filter(
    (field) => (record as Record<string, unknown>)[field] === undefined,
  );
  return absent.length > 0 ? Object.fromEntries(absent.map((field) => [field, 1])) : undefined;
}
