/**
 * Case numbers: `<office without separators>-<year>-<sequence of 6+ digits>`, e.g.
 * `FRACDG-2026-000042`, one sequence per office and year.
 *
 * Uniqueness comes from claiming a number by inserting it under a unique key, not from a counter:
 * FerretDB 1.24 applies `$inc` as read-modify-write, so concurrent increments lose updates, while
 * an insert on a unique key is refused for all but one writer on both stores. A writer that loses
 * a claim tries the next number, starting again from the highest number claimed so far.
 *
 * Gap-free: customs administrations often require a sequence per office and year without holes.
 * A claim records the case it is for and whether that case was stored. A claim whose case was never
 * stored (the insert failed, or the process died between claim and insert) is released at once
 * when the creation can, and is otherwise abandoned after a lease; the next creation takes over
 * the lowest released or abandoned claim of the scope before claiming a new number. Two creations
 * that take over the same claim (a conditional update is not atomic under concurrency on FerretDB)
 * are told apart by the unique number of the cases themselves: the one whose insert is refused
 * allocates again.
 */

/** A claim whose case was never stored. */
export interface UnusedClaim {
  sequence: number;
  caseId: string;
}

/** Claimed case numbers, as the allocation needs them. */
export interface CaseNumberClaims {
  /** The highest sequence claimed in a scope (office-year), 0 when none. */
  highest(scope: string): Promise<number>;
  /** Claims `sequence` in `scope` for `caseId`; false when someone else holds it already. */
  claim(scope: string, sequence: number, caseId: string): Promise<boolean>;
  /**
   * Claims of the scope whose case was never stored, claimed before `before` or released, lowest
   * first (at most `limit`). A claim whose number a stored case holds is not one of them.
   */
  unused(scope: string, before: Date, limit: number): Promise<UnusedClaim[]>;
  /** Gives the unused claim held by `fromCaseId` to `toCaseId`; false when it was no longer so. */
  takeOver(scope: string, sequence: number, fromCaseId: string, toCaseId: string): Promise<boolean>;
  /** The case of the claim was stored: the claim is no longer unused. */
  markUsed(scope: string, sequence: number, caseId: string): Promise<void>;
  /** The case of the claim will not be stored (its insert failed): any creation may take it now. */
  release(scope: string, sequence: number, caseId: string): Promise<void>;
  /**
   * Runs one allocation in `scope` once the earlier ones of this process have finished:
   * concurrent allocations would otherwise all walk the same claims and race for the same next
   * number, most of them in vain.
   */
  inTurn<T>(scope: string, allocate: () => Promise<T>): Promise<T>;
}

/** A number claimed for a case. */
export interface ClaimedNumber {
  scope: string;
  sequence: number;
  number: string;
}

/** How long a claim may wait for its case before another creation takes it over. */
export const CLAIM_LEASE_MS = 60_000;

/** Thrown by the store when another case already holds the number a creation claimed. */
export class CaseNumberTakenError extends Error {
  override readonly name = 'CaseNumberTakenError';
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
 * Claims a number of the office and year for `caseId`: the lowest unused claim of the scope if
 * there is one (so that a failed creation leaves no gap), else the next free number. Each lost
 * claim moves past the number lost and past the highest claimed since; `maxAttempts` bounds the
 * work under a storm of concurrent creations.
 */
export async function allocateCaseNumber(
  claims: CaseNumberClaims,
  office: string,
  year: number,
  caseId: string,
  options: { now?: Date; maxAttempts?: number } = {},
): Promise<ClaimedNumber> {
  const { now = new Date(), maxAttempts = 200 } = options;
  const scope = numberScope(office, year);
  const claimed = (sequence: number) => ({
    scope,
    sequence,
    number: formatCaseNumber(scope, sequence),
  });
  const before = new Date(now.getTime() - CLAIM_LEASE_MS);
  return claims.inTurn(scope, async () => {
    let candidate = 0;
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      // Walked again after each lost claim: the number lost may be one left unused.
      for (const unused of await claims.unused(scope, before, 10)) {
        if (await claims.takeOver(scope, unused.sequence, unused.caseId, caseId)) {
          return claimed(unused.sequence);
        }
      }
      candidate = Math.max(candidate + 1, (await claims.highest(scope)) + 1);
      if (await claims.claim(scope, candidate, caseId)) return claimed(candidate);
    }
    throw new CaseNumberExhaustedError(
      `No case number could be claimed in ${scope} after ${maxAttempts} attempts`,
    );
  });
}
