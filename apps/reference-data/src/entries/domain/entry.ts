import { type Labels, type Language, type ReferenceList } from '@opencen/contracts';

import {
  type Attributes,
  attributeViolations,
  codeViolations,
  type RuleViolation,
} from './list-rules';
import { type IsoDate, type ValidityPeriod } from './validity';

/** Values of the attributes some lists have (a country's alpha-3, an office's coordinates...). */

/**
 * One code of a list. Entries are never deleted: a retired code is deprecated and keeps its labels,
 * so that a record from before its retirement still resolves.
 */
export interface Entry extends ValidityPeriod {
  readonly list: ReferenceList;
  readonly code: string;
  readonly labels: Labels;
  readonly attributes: Attributes;
  /** Starts at 1 and grows with every change; a change made from an older version is refused. */
  readonly version: number;
  readonly updatedAt: Date;
}

/** The id of an entry across lists, e.g. `countries/FR`; also the subject of its events. */
export function entryId(list: ReferenceList, code: string): string {
  return `${list}/${code}`;
}

/** The label in `language`, or the English one when the entry has none in that language. */
export function labelIn(
  labels: Labels,
  language: Language,
): { label: string; labelLanguage: Language } {
  const label = labels[language];
  return label === undefined
    ? { label: labels.en, labelLanguage: 'en' }
    : { label, labelLanguage: language };
}

/** What a new entry is made of. */
export interface NewEntry {
  readonly list: ReferenceList;
  readonly code: string;
  readonly labels: Labels;
  readonly attributes: Attributes;
  readonly validFrom: IsoDate;
  readonly validTo?: IsoDate;
}

export function createEntry(fields: NewEntry, now: Date): Entry {
  return { ...withoutUndefined(fields), deprecated: false, version: 1, updatedAt: now };
}

/** A change of labels, attributes or validity; `validTo: null` removes the end of validity. */
export interface EntryChanges {
  readonly labels?: Labels;
  readonly attributes?: Attributes;
  readonly validFrom?: IsoDate;
  readonly validTo?: IsoDate | null;
}

/** The entry after `changes`: labels and attributes are replaced as a whole, not merged. */
export function changeEntry(entry: Entry, changes: EntryChanges, now: Date): Entry {
  const { validTo, ...rest } = withoutUndefined(changes);
  const changed: Entry = { ...entry, ...rest, version: entry.version + 1, updatedAt: now };
  if (validTo === undefined) return changed;
  const { validTo: _removed, ...withoutEnd } = changed;
  return validTo === null ? withoutEnd : { ...withoutEnd, validTo };
}

/** Whether two states of an entry hold the same data (version and time aside). */
export function sameContent(a: Entry, b: Entry): boolean {
  const content = ({ version: _v, updatedAt: _u, ...rest }: Entry) => canonical(rest);
  return content(a) === content(b);
}

/** The entry retired after `validTo`, its last valid day, optionally pointing at its replacement. */
export function deprecateEntry(
  entry: Entry,
  retirement: { validTo: IsoDate; replacedBy?: string },
  now: Date,
): Entry {
  return {
    ...entry,
    deprecated: true,
    validTo: retirement.validTo,
    ...(retirement.replacedBy === undefined ? {} : { replacedBy: retirement.replacedBy }),
    version: entry.version + 1,
    updatedAt: now,
  };
}

/**
 * Every rule an entry must satisfy in its list, whatever made it (creation, change, retirement,
 * seed): the code format, the list's attributes, and a period that ends no earlier than it starts.
 */
export function entryViolations(entry: Entry): RuleViolation[] {
  const violations = [
    ...codeViolations(entry.list, entry.code),
    ...attributeViolations(entry.list, entry.code, entry.attributes),
  ];
  if (entry.validTo !== undefined && entry.validTo < entry.validFrom) {
    violations.push({
      path: 'validTo',
      reason: `the last valid day cannot be before validFrom (${entry.validFrom})`,
      code: 'invalid_period',
    });
  }
  if (entry.deprecated && entry.validTo === undefined) {
    violations.push({
      path: 'validTo',
      reason: 'a deprecated entry keeps its last valid day, so that old records still validate',
      code: 'required',
    });
  }
  return violations;
}

/**
 * The last valid day a retirement gets when none is given: today, or the entry's own last day if
 * that is earlier (retiring an expired code must not make it valid again).
 */
export function defaultLastDay(entry: Entry, today: IsoDate): IsoDate {
  return entry.validTo !== undefined && entry.validTo < today ? entry.validTo : today;
}

/** The rules of retiring `entry` after `validTo` that the retired entry alone cannot tell. */
export function retirementViolations(entry: Entry, validTo: IsoDate): RuleViolation[] {
  if (entry.validTo === undefined || validTo <= entry.validTo) return [];
  return [
    {
      path: 'validTo',
      reason: `cannot be after the entry's current last valid day (${entry.validTo}); change validity with an update`,
      code: 'invalid_period',
    },
  ];
}

/** The rules of a retirement that need the replacement entry (or its absence) to check. */
export function replacementViolations(
  entry: Entry,
  replacement: Entry | null | undefined,
): RuleViolation[] {
  if (entry.replacedBy === undefined) return [];
  const path = 'replacedBy';
  if (entry.replacedBy === entry.code) {
    return [{ path, reason: 'an entry cannot replace itself', code: 'invalid_replacement' }];
  }
  if (!replacement) {
    return [
      { path, reason: `no entry ${entry.replacedBy} in ${entry.list}`, code: 'unknown_code' },
    ];
  }
  if (replacement.deprecated) {
    return [
      {
        path,
        reason: `${replacement.code} is deprecated itself; point at the code that replaces it`,
        code: 'invalid_replacement',
      },
    ];
  }
  return [];
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

/** JSON with object keys sorted, so that equal data gives equal text. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) =>
    field && typeof field === 'object' && !Array.isArray(field)
      ? Object.fromEntries(Object.entries(field).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : field,
  );
}
