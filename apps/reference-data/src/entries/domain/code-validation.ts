import { type ReferenceList } from '@opencen/contracts';

import { type Entry } from './entry';
import { codeFormatOf, isWellFormed } from './list-rules';
import { type IsoDate, validityAt } from './validity';

/**
 * Lengths of the HS codes that `validate` checks by their 4-digit heading: the international
 * subheading (6 digits) and national tariff lines (8 in the EU's CN, 9 in Japan, 10 in TARIC or the
 * US HTS). The list keeps chapters and headings only; subheadings and tariff lines are too many and
 * differ between countries.
 */
export const HS_CODE_LENGTHS_BY_HEADING = [6, 8, 9, 10] as const;

const DIGITS = /^\d+$/;

/** How a code given to `validate` is decided: by its own entry, by another one, or not at all. */
export type CodeLookup =
  | { readonly kind: 'entry'; readonly code: string }
  | { readonly kind: 'heading'; readonly heading: string }
  | { readonly kind: 'malformed'; readonly reason: string };

/** Which stored entry decides whether `code` is valid in `list`. */
export function lookupFor(list: ReferenceList, code: string): CodeLookup {
  if (isWellFormed(list, code)) return { kind: 'entry', code };
  if (
    list === 'hs-codes' &&
    DIGITS.test(code) &&
    (HS_CODE_LENGTHS_BY_HEADING as readonly number[]).includes(code.length)
  ) {
    return { kind: 'heading', heading: code.slice(0, 4) };
  }
  const format =
    list === 'hs-codes'
      ? `${codeFormatOf(list)}, or a code of ${HS_CODE_LENGTHS_BY_HEADING.join(', ')} digits checked by its heading`
      : codeFormatOf(list);
  return { kind: 'malformed', reason: `malformed: ${list} codes are ${format}` };
}

/** The answer of `validate` for one code. */
export interface CodeValidity {
  readonly code: string;
  readonly valid: boolean;
  readonly reason?: string;
}

/**
 * Whether `code` may be used on `date` in `list`, given the entry its lookup names (undefined when
 * there is none): a national HS code is as valid as its heading.
 */
export function validateCode(
  list: ReferenceList,
  code: string,
  lookup: CodeLookup,
  decidingEntry: Entry | undefined,
  date: IsoDate,
): CodeValidity {
  if (lookup.kind === 'malformed') return { code, valid: false, reason: lookup.reason };
  const prefix = lookup.kind === 'heading' ? `heading ${lookup.heading}: ` : '';
  if (!decidingEntry)
    return { code, valid: false, reason: `${prefix}unknown: no such code in ${list}` };
  if (decidingEntry.attributes.reserved === true) {
    return {
      code,
      valid: false,
      reason: `${prefix}reserved for future use: no code may use it yet`,
    };
  }
  const validity = validityAt(decidingEntry, date);
  return validity.valid
    ? { code, valid: true }
    : { code, valid: false, reason: `${prefix}${validity.reason}` };
}
