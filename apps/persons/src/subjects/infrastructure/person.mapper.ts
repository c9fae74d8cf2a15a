import { type Person, personSchema as personContract } from '@opencen/contracts';

import { searchKeysOf } from '../domain/person';
import { type PersonDocument } from './person.schema';

/** The stored fields of a person, without its history and pending events. */
export type PersonFields = Omit<PersonDocument, 'history' | 'outbox'>;

/** Optional fields of a person, removed from the document when a new version leaves them out. */
export const OPTIONAL_FIELDS = [
  'givenNames',
  'dateOfBirth',
  'placeOfBirth',
  'occupation',
  'notes',
  'mergedInto',
] as const;

export function toDocument(person: Person): PersonFields {
  // `resolvedFrom` belongs to a reply, never to the store; the case links are written only by the
  // case-links store, so that an edit never overwrites a count it read before.
  const {
    id,
    createdAt,
    updatedAt,
    resolvedFrom: _resolvedFrom,
    caseCount: _caseCount,
    lastSeenAt: _lastSeenAt,
    ...fields
  } = person;
  const document: Record<string, unknown> = {
    _id: id,
    ...fields,
    createdAt: new Date(createdAt),
    updatedAt: new Date(updatedAt),
    ...searchKeysOf(person),
  };
  for (const field of OPTIONAL_FIELDS) if (document[field] === undefined) delete document[field];
  return document as unknown as PersonFields;
}

/**
 * Reads a stored person through its contract, which drops the store's own fields and any null
 * MongoDB may hold for an absent optional one.
 */
export function toPerson(
  document: Partial<PersonDocument> & { _id: string; lastSeenAt?: Date },
): Person {
  const { _id, createdAt, updatedAt, lastSeenAt, ...fields } = document;
  const present = Object.fromEntries(Object.entries(fields).filter(([, value]) => value != null));
  const result = personContract.safeParse({
    ...present,
    id: _id,
    createdAt: createdAt?.toISOString(),
    updatedAt: updatedAt?.toISOString(),
    lastSeenAt: lastSeenAt?.toISOString(),
  });
  if (result.success) return result.data;
  // A bug or a hand edit of the store, not the caller's fault: INTERNAL, logged with the id and the
  // paths only (the zod messages may quote the values, which are personal data).
  const paths = result.error.issues.map((issue) => issue.path.join('.')).join(', ');
  throw new Error(`Stored person ${_id} does not match the person contract at: ${paths}`);
}
