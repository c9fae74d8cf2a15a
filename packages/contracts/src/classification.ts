/**
 * Classification of records and clearance of users: persons, companies, conveyances and cases carry
 * a classification; a user's clearance (a Keycloak attribute, in the token and the principal) says
 * up to which one they may read. The rule is here, once, for every service that owns classified
 * records: a record above the caller's clearance is answered as not found, and is left out of every
 * search, count, statistic and export.
 */
import { z } from 'zod';

/** How widely a record may be read inside the administration, from the widest. */
export const CLASSIFICATIONS = ['restricted', 'confidential', 'secret'] as const;

/** One of {@link CLASSIFICATIONS}. */
export type Classification = (typeof CLASSIFICATIONS)[number];

/** Schema of a {@link Classification}. */
export const classificationSchema = z.enum(CLASSIFICATIONS);

/** What a clearance is when none is given: the lowest, so that nothing is shown by mistake. */
export const DEFAULT_CLEARANCE: Classification = 'restricted';

/** The clearance of a caller: theirs, or the lowest when they have none. */
export function clearanceOf(caller: { clearance?: Classification } | undefined): Classification {
  return caller?.clearance ?? DEFAULT_CLEARANCE;
}

/** The classifications a caller may read: theirs and those below, widest first. */
export function readableClassifications(
  caller: { clearance?: Classification } | undefined,
): Classification[] {
  return CLASSIFICATIONS.slice(0, CLASSIFICATIONS.indexOf(clearanceOf(caller)) + 1);
}

/** Whether a caller may read a record of this classification. */
export function mayRead(
  caller: { clearance?: Classification } | undefined,
  classification: string,
): boolean {
  return (readableClassifications(caller) as string[]).includes(classification);
}

/** Whether classification `a` is above `b` (an unknown one counts as the highest). */
export function isAbove(a: string, b: string): boolean {
  const rank = (c: string) => {
    const index = (CLASSIFICATIONS as readonly string[]).indexOf(c);
    return index === -1 ? CLASSIFICATIONS.length : index;
  };
  return rank(a) > rank(b);
}
