import { type PersonDraft, personDraftSchema } from '@opencen/contracts';

import {
  nameTokens,
  normaliseIdentifier,
  phoneticKey,
  significantTokens,
} from '../../office-records/domain/normalisation';
import { type PersonForMatching, personBlockingKeys } from './matching';

/**
 * A natural person as the service keeps it. The shape is the contract's (`Person`); this file adds
 * what the service derives from it: the names in Latin script and the keys it is found by.
 */

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
export const PERSON_DRAFT_FIELDS = Object.keys(personDraftSchema.shape) as (keyof PersonDraft &
  string)[];

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
