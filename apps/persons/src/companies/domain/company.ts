import {
  type Company,
  type CompanyCandidate,
  type CompanyDraft,
  companyDraftSchema,
} from '@opencen/contracts';

import {
  nameTokens,
  normaliseIdentifier,
  significantTokens,
} from '../../office-records/domain/normalisation';

/**
 * A company (legal person) as the service keeps it: the contract's shape, plus the keys it is
 * found by and the rules that say which known companies may be the one a draft describes.
 */

/** The fields an officer enters, in the order of the contract. */
export const COMPANY_DRAFT_FIELDS = Object.keys(companyDraftSchema.shape) as (keyof CompanyDraft &
  string)[];

const NUMBER_FIELDS = [
  ['registrationNumber', 'registration number'],
  ['taxNumber', 'tax number'],
  ['vatNumber', 'VAT number'],
  ['eoriNumber', 'EORI number'],
] as const;

/** Legal forms say nothing about which company it is: "ACME SARL" is "Acme". */
// prettier-ignore
const LEGAL_FORMS = new Set([
  'SA', 'SARL', 'SAS', 'SASU', 'EURL', 'SNC', 'LTD', 'LIMITED', 'PLC', 'LLC', 'LLP', 'INC', 'CORP',
  'CO', 'GMBH', 'AG', 'KG', 'BV', 'NV', 'SPA', 'SRL', 'SL', 'OOO', 'OAO', 'ZAO', 'PAO', 'AO', 'TOV',
]);

/** The significant tokens of a company name, legal forms dropped: "Acme Trading S.A.R.L." → ACME, TRADING. */
export function companyNameTokens(name: string): string[] {
  const tokens = significantTokens(nameTokens(name.replace(/\./g, ''))).map((t) => t.token);
  const kept = tokens.filter((token) => !LEGAL_FORMS.has(token));
  return [...new Set(kept.length > 0 ? kept : tokens)].sort();
}

/** A name compared regardless of case, script, diacritics, token order and legal form. */
export function normaliseCompanyName(name: string): string {
  return companyNameTokens(name).join(' ');
}

/** Every number of a draft with its label, normalised (spaces, dashes, dots and case ignored). */
export function companyNumbers(
  draft: CompanyDraft,
): { field: string; label: string; raw: string; value: string }[] {
  return NUMBER_FIELDS.flatMap(([field, label]) => {
    const raw = draft[field];
    const value = raw === undefined ? '' : normaliseIdentifier(raw);
    return raw !== undefined && value ? [{ field, label, raw, value }] : [];
  });
}

/** The keys a company is found by, stored with the company and searched in its index. */
export interface CompanyKeys {
  /** `num:<country>:<number>` and `name:<country>:<normalised name>`: candidates on create. */
  readonly matchKeys: string[];
  /** Every number, normalised, whatever its kind: exact search by number. */
  readonly numbers: string[];
  /** Every token of every name, normalised: search by name. */
  readonly nameKeys: string[];
}

export function companyKeysOf(draft: CompanyDraft): CompanyKeys {
  const numbers = [...new Set(companyNumbers(draft).map((n) => n.value))].sort();
  const names = [...new Set(draft.names.map((n) => normaliseCompanyName(n.name)))].filter(Boolean);
  return {
    matchKeys: [
      ...numbers.map((number) => `num:${draft.country}:${number}`),
      ...names.map((name) => `name:${draft.country}:${name}`),
    ].sort(),
    numbers,
    nameKeys: [...new Set(draft.names.flatMap((n) => companyNameTokens(n.name)))].sort(),
  };
}

/**
 * Whether a known company may be the one a draft describes, and why. Only companies of the same
 * country compare. An equal number is strong; an equal name is strong too, unless both carry
 * registration numbers and they differ (then it is a namesake: possible).
 */
export function compareCompanies(
  draft: CompanyDraft,
  known: Company,
): Omit<CompanyCandidate, 'company'> | null {
  if (draft.country !== known.country) return null;
  const theirs = companyNumbers(known);
  const reasons: string[] = [];
  for (const mine of companyNumbers(draft)) {
    const same = theirs.find((other) => other.value === mine.value);
    if (same) {
      reasons.push(`${mine.label} equal after normalisation: ${mine.raw} = ${same.raw}`);
    }
  }
  const numberMatch = reasons.length > 0;
  for (const mine of draft.names) {
    const same = known.names.find(
      (other) => normaliseCompanyName(other.name) === normaliseCompanyName(mine.name),
    );
    if (same && normaliseCompanyName(mine.name)) {
      reasons.push(`name equal after normalisation: ${mine.name} = ${same.name}`);
      break;
    }
  }
  if (reasons.length === 0) return null;
  const mine = draft.registrationNumber && normaliseIdentifier(draft.registrationNumber);
  const their = known.registrationNumber && normaliseIdentifier(known.registrationNumber);
  const namesake = !numberMatch && Boolean(mine) && Boolean(their) && mine !== their;
  if (namesake) reasons.push('registration numbers differ');
  return { strength: namesake ? 'possible' : 'strong', reasons };
}
