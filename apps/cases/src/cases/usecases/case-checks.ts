import { type CaseDraft, type ErrorDetail, type ReferenceList } from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';

import { type ReferenceCodes, type SubjectDirectory } from './ports';

/** Every reference code of a draft with the list it belongs to and its path in the request. */
function referenceCodesOf(draft: CaseDraft): { list: ReferenceList; code: string; path: string }[] {
  const codes: { list: ReferenceList; code: string; path: string }[] = [];
  const add = (list: ReferenceList, code: string | undefined, path: string) => {
    if (code !== undefined) codes.push({ list, code, path: `draft.${path}` });
  };
  add('customs-offices', draft.location.office, 'location.office');
  add('countries', draft.location.country, 'location.country');
  draft.detectionMethods.forEach((code, i) =>
    add('detection-methods', code, `detectionMethods.${i}`),
  );
  add('transport-modes', draft.transportMode, 'transportMode');
  draft.items.forEach((item, i) => {
    add('commodity-categories', item.commodityCategory, `items.${i}.commodityCategory`);
    // HS codes are valid by their heading (the reference list validates 6-10 digits that way).
    add('hs-codes', item.hsCode, `items.${i}.hsCode`);
    add('units', item.unit, `items.${i}.unit`);
    add('currencies', item.estimatedValue?.currency, `items.${i}.estimatedValue.currency`);
    add('concealment-methods', item.concealment?.method, `items.${i}.concealment.method`);
  });
  add('countries', draft.route.departureCountry, 'route.departureCountry');
  draft.route.transitCountries.forEach((c, i) =>
    add('countries', c, `route.transitCountries.${i}`),
  );
  add('countries', draft.route.destinationCountry, 'route.destinationCountry');
  draft.parties.forEach((p, i) =>
    add('countries', p.nationalityAtTime, `parties.${i}.nationalityAtTime`),
  );
  draft.outcome?.fines.forEach((f, i) =>
    add('currencies', f.currency, `outcome.fines.${i}.currency`),
  );
  return codes;
}

/**
 * Asks the reference-data service about every code of the draft, one request per list, on the day
 * of detection (a code retired since still holds for an old case); VALIDATION_FAILED naming each
 * bad field. The reference service's UNAVAILABLE or TIMEOUT reaches the caller as is.
 */
export async function assertKnownCodes(draft: CaseDraft, reference: ReferenceCodes): Promise<void> {
  const codes = referenceCodesOf(draft);
  const lists = [...new Set(codes.map((c) => c.list))];
  const at = draft.detectedAt?.slice(0, 10);
  const invalid = await Promise.all(
    lists.map(async (list) => {
      const asked = [...new Set(codes.filter((c) => c.list === list).map((c) => c.code))];
      return [list, await reference.invalid(list, asked, at)] as const;
    }),
  );
  const byList = new Map(invalid);
  const details = codes.flatMap(({ list, code, path }) => {
    const reason = byList.get(list)?.get(code);
    return reason ? [{ path, reason: `${list}: ${reason}`, code: 'invalid_reference' }] : [];
  });
  if (details.length > 0) throw ServiceError.validation('Some codes are not valid', details);
}

/**
 * Asks the persons service about every party and the conveyance; an unknown one is
 * VALIDATION_FAILED naming the field. A merged person is replaced by its survivor.
 */
export async function resolveSubjects(
  draft: CaseDraft,
  directory: SubjectDirectory,
): Promise<CaseDraft> {
  const details: ErrorDetail[] = [];
  const parties = await Promise.all(
    draft.parties.map(async (party, i) => {
      const id = await directory.resolve(party.subjectType, party.subjectId);
      if (id === null) {
        details.push({
          path: `draft.parties.${i}.subjectId`,
          reason: `no ${party.subjectType} with this id in the persons service`,
          code: 'unknown_subject',
        });
      }
      return { ...party, subjectId: id ?? party.subjectId };
    }),
  );
  const conveyanceId = draft.conveyance?.conveyanceId;
  if (
    conveyanceId !== undefined &&
    (await directory.resolve('conveyance', conveyanceId)) === null
  ) {
    details.push({
      path: 'draft.conveyance.conveyanceId',
      reason: 'no conveyance with this id in the persons service',
      code: 'unknown_subject',
    });
  }
  if (details.length > 0)
    throw ServiceError.validation('Some linked subjects are unknown', details);
  return { ...draft, parties };
}

/** The draft as stored: the detection time in UTC, so an equal time in another zone is no change. */
export function normaliseDraft(draft: CaseDraft): CaseDraft {
  return draft.detectedAt
    ? { ...draft, detectedAt: new Date(draft.detectedAt).toISOString() }
    : draft;
}
