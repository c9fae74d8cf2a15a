import { type ErrorDetail, type PersonDraft } from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';

import { type ReferenceCodes } from './ports';

/** Checks shared by the use cases that write persons; each failure is the reply the caller gets. */

export function personNotFound(id: string): ServiceError {
  return ServiceError.notFound(`No person ${id}`);
}

/** Every country code of a draft with its field path, e.g. `draft.nationalities.1`. */
function countryCodesOf(draft: PersonDraft): { path: string; code: string }[] {
  return [
    ...draft.nationalities.map((code, i) => ({ path: `draft.nationalities.${i}`, code })),
    ...draft.documents.flatMap((document, i) =>
      document.issuingCountry
        ? [{ path: `draft.documents.${i}.issuingCountry`, code: document.issuingCountry }]
        : [],
    ),
    ...draft.addresses.map((address, i) => ({
      path: `draft.addresses.${i}.country`,
      code: address.country,
    })),
  ];
}

/**
 * Refuses country codes the reference-data service does not know (or no longer accepts), naming
 * each field. When that service does not answer, its UNAVAILABLE or TIMEOUT error is the reply:
 * unchecked codes are never stored.
 */
export async function assertKnownCountries(
  draft: PersonDraft,
  reference: ReferenceCodes,
): Promise<void> {
  const codes = countryCodesOf(draft);
  if (codes.length === 0) return;
  const invalid = await reference.invalidCountries([...new Set(codes.map((c) => c.code))]);
  const details: ErrorDetail[] = codes.flatMap(({ path, code }) => {
    const reason = invalid.get(code);
    return reason === undefined
      ? []
      : [{ path, reason: `${code} is not a valid country: ${reason}`, code: 'unknown_code' }];
  });
  if (details.length > 0) {
    throw ServiceError.validation('The person has country codes that are not valid', details);
  }
}
