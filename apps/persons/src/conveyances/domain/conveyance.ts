import {
  type Conveyance,
  type ConveyanceCandidate,
  type ConveyanceDraft,
  type ConveyanceType,
  type ErrorDetail,
  conveyanceDraftSchema,
} from '@opencen/contracts';

import {
  checkContainerNumber,
  checkImoNumber,
  checkVin,
  iso6346CheckDigit,
  normaliseIdentifier,
  normalisePlate,
} from '../../office-records/domain/normalisation';

/**
 * A means of conveyance as the service keeps it: the contract's shape, plus the rules on its
 * identifiers (which a type needs, their check digits) and the keys it is found by.
 */

/** The fields an officer enters, in the order of the contract. */
export const CONVEYANCE_DRAFT_FIELDS = Object.keys(
  conveyanceDraftSchema.shape,
) as (keyof ConveyanceDraft & string)[];

type IdentifierField =
  'plate' | 'vin' | 'imoNumber' | 'mmsi' | 'callSign' | 'aircraftRegistration' | 'containerNumber';

/** The identifiers each type must have at least one of. */
const REQUIRED: Record<ConveyanceType, readonly IdentifierField[]> = {
  vehicle: ['plate', 'vin'],
  trailer: ['plate', 'vin'],
  vessel: ['imoNumber', 'mmsi', 'callSign'],
  aircraft: ['aircraftRegistration'],
  container: ['containerNumber'],
};

const LABELS: Record<IdentifierField, string> = {
  plate: 'plate',
  vin: 'VIN',
  imoNumber: 'IMO number',
  mmsi: 'MMSI',
  callSign: 'call sign',
  aircraftRegistration: 'aircraft registration',
  containerNumber: 'container number',
};

/** Search and duplicate keys: `<kind>:<normalised value>`, e.g. `imo:9074729`. */
const KEY_PREFIX: Record<IdentifierField, string> = {
  plate: 'plate',
  vin: 'vin',
  imoNumber: 'imo',
  mmsi: 'mmsi',
  callSign: 'callsign',
  aircraftRegistration: 'aircraft',
  containerNumber: 'container',
};

const IDENTIFIER_FIELDS = Object.keys(LABELS) as IdentifierField[];

/** An identifier normalised as it is compared: IMO without its prefix, plates and others bare. */
export function normalisedIdentifier(field: IdentifierField, raw: string): string {
  switch (field) {
    case 'imoNumber':
      return checkImoNumber(raw).value;
    case 'plate':
      return normalisePlate(raw);
    default:
      return normaliseIdentifier(raw);
  }
}

/** The weighted sum rule of IMO numbers: the check digit the first six digits call for. */
function imoCheckDigit(value: string): number {
  let sum = 0;
  for (let i = 0; i < 6; i += 1) sum += Number(value[i]) * (7 - i);
  return sum % 10;
}

/**
 * What is wrong with a draft's identifiers, each with its field path under `draft`: a type
 * without any of the identifiers it needs, a container or IMO number with a wrong check digit or
 * format, a VIN or MMSI of the wrong shape. A VIN's check digit is not a reason to refuse: it only
 * applies to North American VINs (see matching/identifiers `checkVin`).
 */
export function conveyanceIssues(draft: ConveyanceDraft): ErrorDetail[] {
  const issues: ErrorDetail[] = [];
  const required = REQUIRED[draft.type];
  if (!required.some((field) => draft[field] !== undefined)) {
    const names = required.map((field) => LABELS[field]);
    const list =
      names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
    issues.push({
      path: `draft.${required[0]}`,
      reason: `a ${draft.type} needs ${/^[AEIOU]/i.test(list ?? '') ? 'an' : 'a'} ${list}`,
      code: 'required',
    });
  }
  if (draft.containerNumber !== undefined) {
    const check = checkContainerNumber(draft.containerNumber);
    if (!check.ok) {
      issues.push({
        path: 'draft.containerNumber',
        reason:
          check.error === 'check-digit'
            ? `not a valid ISO 6346 container number: check digit should be ${iso6346CheckDigit(check.value.slice(0, 10))}`
            : 'not an ISO 6346 container number: three letters of owner code, U, J or Z, six digits and a check digit',
        code: check.error === 'check-digit' ? 'check_digit' : 'format',
      });
    }
  }
  if (draft.imoNumber !== undefined) {
    const check = checkImoNumber(draft.imoNumber);
    if (!check.ok) {
      issues.push({
        path: 'draft.imoNumber',
        reason:
          check.error === 'check-digit'
            ? `not a valid IMO number: check digit should be ${imoCheckDigit(check.value)}`
            : 'not an IMO number: seven digits, optionally after "IMO"',
        code: check.error === 'check-digit' ? 'check_digit' : 'format',
      });
    }
  }
  if (draft.vin !== undefined && !checkVin(draft.vin).ok) {
    issues.push({
      path: 'draft.vin',
      reason: 'not a VIN: 17 letters and digits, without I, O or Q',
      code: 'format',
    });
  }
  if (draft.mmsi !== undefined && !/^\d{9}$/.test(normaliseIdentifier(draft.mmsi))) {
    issues.push({ path: 'draft.mmsi', reason: 'an MMSI has nine digits', code: 'format' });
  }
  return issues;
}

/** The identifiers of a draft, normalised, with their keys. */
export function conveyanceIdentifiers(
  draft: ConveyanceDraft,
): { field: IdentifierField; label: string; raw: string; value: string; key: string }[] {
  return IDENTIFIER_FIELDS.flatMap((field) => {
    const raw = draft[field];
    if (raw === undefined) return [];
    const value = normalisedIdentifier(field, raw);
    return value
      ? [{ field, label: LABELS[field], raw, value, key: `${KEY_PREFIX[field]}:${value}` }]
      : [];
  });
}

/** The keys a conveyance is found by (duplicates on create, exact search), searched in its index. */
export function identifierKeysOf(draft: ConveyanceDraft): string[] {
  return [...new Set(conveyanceIdentifiers(draft).map((identifier) => identifier.key))].sort();
}

/** The key of one identifier as searched, e.g. `identifierKey('imoNumber', 'IMO 9074729')`. */
export function identifierKey(field: IdentifierField, raw: string): string | undefined {
  const value = normalisedIdentifier(field, raw);
  return value ? `${KEY_PREFIX[field]}:${value}` : undefined;
}

/**
 * Whether a known conveyance may be the one a draft describes, and why: an equal identifier after
 * normalisation is strong, except an equal plate of another country (plates are national), which
 * is possible.
 */
export function compareConveyances(
  draft: ConveyanceDraft,
  known: Conveyance,
): Omit<ConveyanceCandidate, 'conveyance'> | null {
  const theirs = conveyanceIdentifiers(known);
  const reasons: string[] = [];
  let strong = false;
  for (const mine of conveyanceIdentifiers(draft)) {
    const same = theirs.find((other) => other.key === mine.key);
    if (!same) continue;
    reasons.push(`${mine.label} equal after normalisation: ${mine.raw} = ${same.raw}`);
    const otherCountry =
      mine.field === 'plate' &&
      draft.plateCountry !== undefined &&
      known.plateCountry !== undefined &&
      draft.plateCountry !== known.plateCountry;
    if (otherCountry)
      reasons.push(`plate countries differ (${draft.plateCountry} / ${known.plateCountry})`);
    else strong = true;
  }
  if (reasons.length === 0) return null;
  return { strength: strong ? 'strong' : 'possible', reasons };
}
