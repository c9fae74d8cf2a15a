import { type Person, type PersonDraft, personDraftSchema } from '@opencen/contracts';

import {
  type PersonForMatching,
  nameTokens,
  normaliseIdentifier,
  personBlockingKeys,
  phoneticKey,
  significantTokens,
} from './matching';

/**
 * A natural person as the service keeps it. The shape is the contract's (`Person`); this file adds
 * what the service derives from it: the names in Latin script, the keys it is found by, and what
 * changed between two versions.
 */

/** One line of a person's change history, kept in the person's own document. */
export interface HistoryEntry {
  readonly version: number;
  readonly at: Date;
  /** The principal's `sub`, never a username. */
  readonly by: string;
  readonly change: 'created' | 'updated' | 'merged' | 'unmerged';
  /** Top-level draft fields that changed (for a creation: those that were given). */
  readonly fields: readonly string[];
}

/** The keys a person is found by, stored with the person and searched in the people index. */
export interface SearchKeys {
  /** Candidate search on create and match (see matching/blocking-keys). */
  readonly blockingKeys: string[];
  /** Phonetic key of every significant name token, of the name and each alias: search by name. */
  readonly nameKeys: string[];
  /** Every document number after normalisation: exact search by document. */
  readonly documentNumbers: string[];
}

/** The fields an officer enters, in the order of the contract. */
export const DRAFT_FIELDS = Object.keys(personDraftSchema.shape) as (keyof PersonDraft)[];

/** What matching reads of a draft or of a stored person. */
export function forMatching(person: PersonDraft): PersonForMatching {
  return {
    family: person.familyName,
    given: person.givenNames,
    aliases: person.aliases.map((alias) => ({ family: alias.familyName, given: alias.givenNames })),
    dateOfBirth: person.dateOfBirth,
    nationalities: person.nationalities,
    documents: person.documents.map((document) => ({
      type: document.type,
      number: document.number,
      issuingCountry: document.issuingCountry,
    })),
  };
}

function latinName(familyName: string, givenNames: string | undefined): string {
  return [...nameTokens(familyName), ...nameTokens(givenNames)].map((t) => t.token).join(' ');
}

/** The name and each alias in Latin capitals, family name first: Иванов Иван → "IVANOV IVAN". */
export function latinNamesOf(draft: PersonDraft): string[] {
  const names = [draft, ...draft.aliases].map((name) =>
    latinName(name.familyName, name.givenNames),
  );
  return [...new Set(names.filter((name) => name.length > 0))];
}

/** The phonetic keys of the significant tokens of a name as typed in a search, in any script. */
export function nameSearchKeys(written: string): string[] {
  const tokens = significantTokens(nameTokens(written));
  return [...new Set(tokens.map((t) => phoneticKey(t.token)))].sort();
}

/** A name in Latin capitals, in the order written: "Иванов-Петров Иван" → "IVANOV PETROV IVAN". */
export function latinFormOf(written: string): string {
  return nameTokens(written)
    .map((t) => t.token)
    .join(' ');
}

/** A name as typed in a search, in each form the search compares with stored names. */
export interface NameQuery {
  /** As typed: compared with the names as written, regardless of case and diacritics. */
  readonly written: string;
  /** Transliterated like stored Latin names, so that IVANOV finds Иванов. */
  readonly latin: string;
  /** The phonetic keys of its significant tokens, compared with the stored name keys. */
  readonly keys: readonly string[];
}

export function nameQueryOf(written: string): NameQuery {
  return { written, latin: latinFormOf(written), keys: nameSearchKeys(written) };
}

export function searchKeysOf(draft: PersonDraft): SearchKeys {
  const nameKeys = new Set<string>();
  for (const name of [draft, ...draft.aliases]) {
    for (const key of nameSearchKeys(`${name.familyName} ${name.givenNames ?? ''}`)) {
      nameKeys.add(key);
    }
  }
  const documentNumbers = draft.documents
    .map((document) => normaliseIdentifier(document.number))
    .filter((number) => number.length > 0);
  return {
    blockingKeys: personBlockingKeys(forMatching(draft)),
    nameKeys: [...nameKeys].sort(),
    documentNumbers: [...new Set(documentNumbers)].sort(),
  };
}

/** The draft part of a stored person. */
export function draftOf(person: Person): PersonDraft {
  const draft: Record<string, unknown> = {};
  for (const field of DRAFT_FIELDS) {
    if (person[field] !== undefined) draft[field] = person[field];
  }
  return draft as PersonDraft;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.length === 0);
}

/** The top-level draft fields whose values differ; an absent field equals an empty list. */
export function changedFields(before: PersonDraft, after: PersonDraft): string[] {
  return DRAFT_FIELDS.filter((field) => {
    const a = before[field];
    const b = after[field];
    if (isEmpty(a) && isEmpty(b)) return false;
    return canonical(a) !== canonical(b);
  });
}

/** The fields a creation gave a value to. */
export function givenFields(draft: PersonDraft): string[] {
  return DRAFT_FIELDS.filter((field) => !isEmpty(draft[field]));
}

/** JSON with object keys sorted, so that key order (e.g. after a round trip to the store) is ignored. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, nested: unknown) =>
    nested && typeof nested === 'object' && !Array.isArray(nested)
      ? Object.fromEntries(Object.entries(nested).sort(([a], [b]) => a.localeCompare(b)))
      : nested,
  );
}

/** A person built from a draft: draft fields replaced as a whole, record fields kept. */
export function personFrom(
  draft: PersonDraft,
  record: Pick<
    Person,
    'id' | 'office' | 'createdAt' | 'createdBy' | 'updatedAt' | 'updatedBy' | 'version'
  > &
    Partial<Pick<Person, 'caseCount' | 'lastSeenAt'>>,
): Person {
  return { caseCount: 0, ...draft, ...record, latinNames: latinNamesOf(draft) };
}
