import { type Person, type PersonMerge, type Principal } from '@opencen/contracts';

import {
  type MergeInput,
  type MergeKind,
  type MergeStamp,
  assertMayMerge as mayMerge,
  assertMergeable as mergeable,
  assertWithinLimits,
  canonical,
  combine as combineRecords,
  lackingDetails,
  missing,
  revert as revertRecord,
  withMergeState as withState,
  without,
  withoutFilled,
} from '../../office-records/domain/record-merge';
import { normaliseIdentifier } from '../../office-records/domain/normalisation';
import { latinNamesOf } from './person';

/**
 * Merging two persons (the rules of every merge are in office-records/domain/record-merge): the survivor
 * gains what the merged person adds (names as aliases, aliases, documents, nationalities,
 * addresses, phones, e-mails, and the details it lacked), without duplicates.
 */

export { canonical, type MergeInput } from '../../office-records/domain/record-merge';

type Name = { familyName: string; givenNames?: string };

/** Names as written, ignoring case: Иванов and IVANOV are both kept, IVANOV and Ivanov are one. */
const nameKey = (name: Name) =>
  `${name.familyName.toLocaleUpperCase()}|${(name.givenNames ?? '').toLocaleUpperCase()}`;
const documentKey = (d: Person['documents'][number]) =>
  `${d.type}|${normaliseIdentifier(d.number)}|${d.issuingCountry ?? ''}`;

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

const FILLABLE = ['givenNames', 'dateOfBirth', 'placeOfBirth', 'occupation'] as const;

/** What a person merge adds and takes away; see MergeKind. */
export const personMergeKind: MergeKind<Person, PersonMerge> = {
  noun: 'person',
  gain(survivor, merged) {
    const survivorNames = [nameOf(survivor), ...survivor.aliases];
    const aliases = missing(
      survivorNames,
      [nameOf(merged), ...merged.aliases].map(nameOf),
      nameKey,
    );
    const filled = lackingDetails(survivor, merged, FILLABLE) as PersonMerge['added']['filled'];
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
    };
    assertWithinLimits('person', next, LIMITS);
    return { next: { ...next, latinNames: latinNamesOf(next) }, added };
  },
  lose(survivor, added) {
    const next = withoutFilled<Person>(
      {
        ...survivor,
        aliases: without(survivor.aliases, added.aliases),
        nationalities: without(survivor.nationalities, added.nationalities),
        documents: without(survivor.documents, added.documents),
        addresses: without(survivor.addresses, added.addresses),
        phones: without(survivor.phones, added.phones),
        emails: without(survivor.emails, added.emails),
      },
      added.filled,
    );
    return { ...next, latinNames: latinNamesOf(next) };
  },
};

/** Only `admin`, or a `supervisor` of the office that owns both persons, merges. */
export function assertMayMerge(principal: Principal | undefined, ...persons: Person[]): Principal {
  return mayMerge('person', principal, ...persons);
}

/** Refuses a merge of a person with itself or with a person already merged. */
export function assertMergeable(survivor: Person, merged: Person): void {
  mergeable('person', survivor, merged);
}

/**
 * The survivor with what the merged person adds, at the next version, and the merge record
 * (`pending`). VALIDATION_FAILED when the combined record would exceed the contract's limits.
 */
export function combine(survivor: Person, merged: Person, input: MergeInput): Person {
  return combineRecords(personMergeKind, survivor, merged, input);
}

/**
 * The survivor without what the merge `mergeId` added, at the next version, the merge marked
 * `undoing`. Details the merge filled in are removed only if nobody changed them since.
 */
export function revert(survivor: Person, mergeId: string, input: MergeStamp): Person {
  return revertRecord(personMergeKind, survivor, mergeId, input);
}

/** The survivor with merge `mergeId` in `state`, at the next version. */
export function withMergeState(
  survivor: Person,
  mergeId: string,
  state: PersonMerge['state'],
  input: MergeStamp,
): Person {
  return withState(survivor, mergeId, state, input);
}
