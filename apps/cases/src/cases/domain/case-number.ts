/**
 * Case numbers: `<office without separators>-<year>-<sequence of 6+ digits>`, e.g.
 * `FRACDG-2026-000042`, one sequence per office and year.
 *
 * Uniqueness comes from claiming a number by inserting it under a unique key, not from a counter:
 * FerretDB 1.24 applies `$inc` as read-modify-write, so concurrent increments lose updates, while
 * an insert on a unique key is refused for all but one writer on both stores. A writer that loses
 * a claim tries the next number, starting again from the highest number claimed so far.
 */

/** Claimed case numbers, as the allocation needs them. */
export interface CaseNumberClaims {
  /** The highest sequence claimed in a scope (office-year), 0 when none. */
  highest(scope: string): Promise<number>;
  /** Claims `sequence` in `scope` for `caseId`; false when someone else holds it already. */
  claim(scope: string, sequence: number, caseId: string): Promise<boolean>;
}

/** Thrown when no number could be claimed within the attempts allowed. */
export class CaseNumberExhaustedError extends Error {
  override readonly name = 'CaseNumberExhaustedError';
}

/** The office part of a case number: letters and digits of the office code, upper case. */
export function officeKey(office: string): string {
  const key = office.toUpperCase().replace(/[^A-Z0-9]/g, '');
  if (key.length === 0 || key.length > 20) {
    throw new Error(`Office code ${JSON.stringify(office)} cannot name a case number`);
  }
  return key;
}

/** The scope of a sequence: one per office and year. */
export function numberScope(office: string, year: number): string {
  return `${officeKey(office)}-${year}`;
}

export function formatCaseNumber(scope: string, sequence: number): string {
  return `${scope}-${String(sequence).padStart(6, '0')}`;
}

/**
 * Claims the next free number of the office and year for `caseId`. Each lost claim moves past the
 * number lost and past the highest claimed since; `maxAttempts` bounds the work under a storm of
 * concurrent creations.
 */
export async function allocateCaseNumber(
  claims: CaseNumberClaims,
  office: string,
  year: number,
  caseId: string,
  maxAttempts = 200,
): Promise<string> {
  const scope = numberScope(office, year);
  let candidate = (await claims.highest(scope)) + 1;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    if (await claims.claim(scope, candidate, caseId)) return formatCaseNumber(scope, candidate);
    candidate = Math.max(candidate + 1, (await claims.highest(scope)) + 1);
  }
  throw new CaseNumberExhaustedError(
    `No case number could be claimed in ${scope} after ${maxAttempts} attempts`,
  );
}
