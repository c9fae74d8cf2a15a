import {
  type ErrorDetail,
  type Person,
  type PersonMerge,
  type Principal,
} from '@opencen/contracts';

import { normaliseIdentifier } from './matching';
import { latinNamesOf } from './person';

/**
 * Merging two persons: the survivor gains what the merged person adds (names as aliases, aliases,
 * documents, nationalities, addresses, phones, e-mails, and the details it lacked), without
 * duplicates, and records the merge with exactly what it added so that an undo can take it away
 * again. The merged person is kept, marked `mergedInto`; nothing is ever deleted.
 */

/** Why a merge or an undo is refused, with the error code the use case answers with. */
export class MergeRefused extends Error {
  constructor(
    readonly code: 'UNAUTHENTICATED' | 'FORBIDDEN' | 'VALIDATION_FAILED' | 'CONFLICT' | 'NOT_FOUND',
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'MergeRefused';
  }
}

const refused = {
  unauthenticated: (message: string) => new MergeRefused('UNAUTHENTICATED', message),
  forbidden: (message: string) => new MergeRefused('FORBIDDEN', message),
  validation: (message: string, details: ErrorDetail[]) =>
    new MergeRefused('VALIDATION_FAILED', message, details),
  conflict: (message: string, details: ErrorDetail[]) =>
    new MergeRefused('CONFLICT', message, details),
  notFound: (message: string) => new MergeRefused('NOT_FOUND', message),
};

/** Only `admin`, or a `supervisor` of the office that owns both persons, merges. */
export function assertMayMerge(principal: Principal | undefined, ...persons: Person[]): Principal {
  if (!principal) {
    throw refused.unauthenticated('Persons are only available to an authenticated principal');
  }
  if (principal.roles.includes('admin')) return principal;
  if (!principal.roles.includes('supervisor')) {
    throw refused.forbidden('Only an admin or a supervisor merges persons');
  }
  for (const person of persons) {
    if (!principal.office || person.office !== principal.office) {
      throw refused.forbidden(
        `Person ${person.id} belongs to office ${person.office}; only its supervisors (or an admin) may merge it`,
      );
    }
  }
  return principal;
}

/** Refuses a merge of a person with itself or with a person already merged. */
export function assertMergeable(survivor: Person, merged: Person): void {
  if (survivor.id === merged.id) {
    throw refused.validation('A person cannot be merged with itself', [
      { path: 'mergedId', reason: 'the same as survivorId', code: 'same_person' },
    ]);
  }
  for (const [path, person] of [
    ['survivorId', survivor],
    ['mergedId', merged],
  ] as const) {
    if (person.mergedInto !== undefined) {
      throw refused.conflict(`Person ${person.id} is already merged`, [
        { path, reason: `merged into ${person.mergedInto}`, code: 'already_merged' },
      ]);
    }
  }
}

type Name = { familyName: string; givenNames?: string };

/** Names as written, ignoring case: Иванов and IVANOV are both kept, IVANOV and Ivanov are one. */
const nameKey = (name: Name) =>
  `${name.familyName.toLocaleUpperCase()}|${(name.givenNames ?? '').toLocaleUpperCase()}`;
const documentKey = (d: Person['documents'][number]) =>
  `${d.type}|${normaliseIdentifier(d.number)}|${d.issuingCountry ?? ''}`;

/** JSON with sorted keys: equality of plain values whatever their key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) =>
    nested && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested).sort(([a], [b]) => a.localeCompare(b)))
      : nested,
  );
}

/** The items of `extra` not already in `base` (nor twice in `extra`), by `key`. */
function missing<T>(base: readonly T[], extra: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set(base.map(key));
  const added: T[] = [];
  for (const item of extra) {
    const k = key(item);
    if (seen.has(k)) continue;
    seen.add(k);
    added.push(item);
  }
  return added;
}

function nameOf(person: Name): Name {
  return person.givenNames === undefined
    ? { familyName: person.familyName }
    : { familyName: person.familyName, givenNames: person.givenNames };
}

/** The contract's limits on the lists a merge grows. */
const LIMITS = {
  aliases: 50,
  nationalities: 5,
  documents: 20,
  addresses: 10,
  phones: 10,
  emails: 10,
} as const;

export interface MergeInput {
  readonly mergeId: string;
  readonly at: string;
  readonly by: string;
}

/**
 * The survivor with what the merged person adds, at the next version, and the merge record
 * (`pending`). VALIDATION_FAILED when the combined record would exceed the contract's limits.
 */
export function combine(survivor: Person, merged: Person, input: MergeInput): Person {
  const survivorNames = [nameOf(survivor), ...survivor.aliases];
  const aliases = missing(survivorNames, [nameOf(merged), ...merged.aliases].map(nameOf), nameKey);
  const filled: PersonMerge['added']['filled'] = {};
  for (const field of ['givenNames', 'dateOfBirth', 'placeOfBirth', 'occupation'] as const) {
    if (survivor[field] === undefined && merged[field] !== undefined) filled[field] = merged[field];
  }
  const added: PersonMerge['added'] = {
    aliases,
    nationalities: missing(survivor.nationalities, merged.nationalities, (c) => c),
    documents: missing(survivor.documents, merged.documents, documentKey),
    addresses: missing(survivor.addresses, merged.addresses, canonical),
    phones: missing(survivor.phones, merged.phones, (p) => p.replace(/[^\d+]/g, '')),
    emails: missing(survivor.emails, merged.emails, (e) => e.toLowerCase()),
    filled,
  };
  const next: Person = {
    ...survivor,
    ...filled,
    aliases: [...survivor.aliases, ...added.aliases],
    nationalities: [...survivor.nationalities, ...added.nationalities],
    documents: [...survivor.documents, ...added.documents],
    addresses: [...survivor.addresses, ...added.addresses],
    phones: [...survivor.phones, ...added.phones],
    emails: [...survivor.emails, ...added.emails],
    updatedAt: input.at,
    updatedBy: input.by,
    version: survivor.version + 1,
    merges: [
      ...(survivor.merges ?? []),
      {
        mergeId: input.mergeId,
        mergedId: merged.id,
        at: input.at,
        by: input.by,
        state: 'pending',
        survivorVersion: survivor.version,
        mergedVersion: merged.version,
        added,
      },
    ],
  };
  const over = Object.entries(LIMITS).filter(
    ([field, limit]) => (next[field as keyof typeof LIMITS] as unknown[]).length > limit,
  );
  if (over.length > 0) {
    throw refused.validation(
      'The merged record would hold more than a person may',
      over.map(([field, limit]) => ({
        path: field,
        reason: `more than ${limit} after the merge`,
        code: 'too_many',
      })),
    );
  }
  return { ...next, latinNames: latinNamesOf(next) };
}

/** Removes from `list` the items listed in `added` (one occurrence each). */
function without<T>(list: readonly T[], added: readonly T[]): T[] {
  const remaining = added.map((item) => canonical(item));
  return list.filter((item) => {
    const index = remaining.indexOf(canonical(item));
    if (index === -1) return true;
    remaining.splice(index, 1);
    return false;
  });
}

/**
 * The survivor without what the merge `mergeId` added, at the next version, the merge marked
 * `undoing`. Details the merge filled in are removed only if nobody changed them since.
 */
export function revert(
  survivor: Person,
  mergeId: string,
  input: { at: string; by: string },
): Person {
  const record = survivor.merges?.find((merge) => merge.mergeId === mergeId);
  if (!record) throw refused.notFound(`No merge ${mergeId} on person ${survivor.id}`);
  if (record.state === 'undoing' || record.state === 'undone') {
    throw refused.conflict(`Merge ${mergeId} is already undone`, [
      { path: 'mergeId', reason: 'already undone', code: 'already_undone' },
    ]);
  }
  const { added } = record;
  const next: Person = {
    ...survivor,
    aliases: without(survivor.aliases, added.aliases),
    nationalities: without(survivor.nationalities, added.nationalities),
    documents: without(survivor.documents, added.documents),
    addresses: without(survivor.addresses, added.addresses),
    phones: without(survivor.phones, added.phones),
    emails: without(survivor.emails, added.emails),
    updatedAt: input.at,
    updatedBy: input.by,
    version: survivor.version + 1,
    merges: (survivor.merges ?? []).map((merge) =>
      merge.mergeId === mergeId
        ? { ...merge, state: 'undoing' as const, undoVersion: survivor.version }
        : merge,
    ),
  };
  for (const [field, value] of Object.entries(added.filled) as [
    keyof PersonMerge['added']['filled'],
    string,
  ][]) {
    if (next[field] === value) delete next[field];
  }
  return { ...next, latinNames: latinNamesOf(next) };
}

/** The survivor with merge `mergeId` in `state`, at the next version. */
export function withMergeState(
  survivor: Person,
  mergeId: string,
  state: PersonMerge['state'],
  input: { at: string; by: string },
): Person {
  return {
    ...survivor,
    updatedAt: input.at,
    updatedBy: input.by,
    version: survivor.version + 1,
    merges: (survivor.merges ?? []).map((merge) =>
      merge.mergeId === mergeId ? { ...merge, state } : merge,
    ),
  };
}
