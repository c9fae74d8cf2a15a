/**
 * Identifiers of documents, companies and conveyances, compared exactly after normalisation, and
 * the check digits of those that carry one.
 */

/**
 * Cyrillic and Greek capitals that plates and documents use as Latin look-alikes (Russian plates
 * are written with exactly the twelve Cyrillic letters that have one): А123ВС is A123BC.
 */
// prettier-ignore
const LOOK_ALIKES: Record<string, string> = {
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y', Х: 'X',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T',
  Υ: 'Y', Χ: 'X',
};

/**
 * Upper case Latin letters and digits only: spaces, dashes, dots, slashes and diacritics are
 * dropped, and Cyrillic or Greek look-alike capitals become Latin, so "ab 12-34.56" and
 * "AB123456" are one number.
 */
export function normaliseIdentifier(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase()
    .replace(/[\u0370-\u03ff\u0400-\u04ff]/gu, (c) => LOOK_ALIKES[c] ?? c)
    .replace(/[^A-Z0-9]+/g, '');
}

export type IdentifierCheck =
  { ok: true; value: string } | { ok: false; value: string; error: 'format' | 'check-digit' };

/** ISO 6346 letter values: A = 10 upwards, skipping multiples of 11 (11, 22, 33). */
function iso6346LetterValue(letter: string): number {
  let value = 10;
  for (let code = 'A'.charCodeAt(0); code < letter.charCodeAt(0); code += 1) {
    value += 1;
    if (value % 11 === 0) value += 1;
  }
  return value;
}

/** The ISO 6346 check digit of the first ten characters (owner code, category, serial number). */
export function iso6346CheckDigit(firstTen: string): number {
  let sum = 0;
  [...firstTen].forEach((char, position) => {
    const value = /\d/.test(char) ? Number(char) : iso6346LetterValue(char);
    sum += value * 2 ** position;
  });
  return (sum % 11) % 10;
}

/**
 * An ISO 6346 container number: three letters of owner code, a category letter (U, J or Z), six
 * digits of serial number and a check digit, e.g. CSQU 305438 3.
 */
export function checkContainerNumber(raw: string): IdentifierCheck {
  const value = normaliseIdentifier(raw);
  if (!/^[A-Z]{3}[UJZ]\d{7}$/.test(value)) return { ok: false, value, error: 'format' };
  const expected = iso6346CheckDigit(value.slice(0, 10));
  return expected === Number(value[10])
    ? { ok: true, value }
    : { ok: false, value, error: 'check-digit' };
}

/**
 * An IMO ship number: seven digits, the last one the sum of the first six weighted 7 down to 2,
 * modulo 10. Accepts and drops the "IMO" prefix: "IMO 9074729" → 9074729.
 */
export function checkImoNumber(raw: string): IdentifierCheck {
  const value = normaliseIdentifier(raw).replace(/^IMO/, '');
  if (!/^\d{7}$/.test(value)) return { ok: false, value, error: 'format' };
  let sum = 0;
  for (let i = 0; i < 6; i += 1) sum += Number(value[i]) * (7 - i);
  return sum % 10 === Number(value[6])
    ? { ok: true, value }
    : { ok: false, value, error: 'check-digit' };
}

export type VinCheckDigit = 'valid' | 'invalid' | 'not-applicable';

export type VinCheck =
  | { ok: true; value: string; checkDigit: VinCheckDigit }
  | { ok: false; value: string; error: 'format' };

// prettier-ignore
const VIN_VALUES: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

/** The check digit a VIN would have at position 9 (0–9 or X), per the North American rule. */
export function vinCheckDigit(vin: string): string {
  let sum = 0;
  [...vin].forEach((char, i) => {
    const value = /\d/.test(char) ? Number(char) : (VIN_VALUES[char] ?? 0);
    sum += value * (VIN_WEIGHTS[i] ?? 0);
  });
  const remainder = sum % 11;
  return remainder === 10 ? 'X' : String(remainder);
}

/**
 * A vehicle identification number (ISO 3779): 17 letters and digits without I, O or Q, always
 * checked. Position 9 is a check digit only where the North American rule applies (vehicles made
 * for North America, whose world manufacturer identifier starts with 1–5); elsewhere (Europe, most
 * of Asia) position 9 may be anything. So the check digit is reported, never a reason to reject:
 * `valid` when it matches, `invalid` when it does not and the VIN is North American, and
 * `not-applicable` when it does not match a VIN from elsewhere.
 */
export function checkVin(raw: string): VinCheck {
  const value = normaliseIdentifier(raw);
  if (!/^[A-HJ-NPR-Z0-9]{17}$/.test(value)) return { ok: false, value, error: 'format' };
  if (vinCheckDigit(value) === value[8]) return { ok: true, value, checkDigit: 'valid' };
  const northAmerican = /^[1-5]/.test(value);
  return { ok: true, value, checkDigit: northAmerican ? 'invalid' : 'not-applicable' };
}

/** A vehicle registration plate, compared without spaces, dashes or case: "AB-123-CD" → AB123CD. */
export function normalisePlate(raw: string): string {
  return normaliseIdentifier(raw);
}
