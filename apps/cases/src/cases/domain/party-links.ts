import { type CaseParty } from '@opencen/contracts';

/** Parties re-pointed by one persons merge, kept so that an undo of the merge restores them. */
export interface Repoint {
  mergeId: string;
  mergedId: string;
  survivorId: string;
  /** Indexes in `parties` that named the merged person. */
  indexes: number[];
}

/**
 * A person was merged: parties naming `mergedId` now name `survivorId`. Returns null when the case
 * names no such person (nothing to do), or when this merge was already applied.
 */
export function repointParties(
  parties: readonly CaseParty[],
  repoints: readonly Repoint[],
  merge: { mergeId: string; mergedId: string; survivorId: string },
): { parties: CaseParty[]; repoint: Repoint } | null {
  if (repoints.some((r) => r.mergeId === merge.mergeId)) return null;
  const indexes = parties.flatMap((party, index) =>
    party.subjectType === 'person' && party.subjectId === merge.mergedId ? [index] : [],
  );
  if (indexes.length === 0) return null;
  return {
    parties: parties.map((party, index) =>
      indexes.includes(index) ? { ...party, subjectId: merge.survivorId } : party,
    ),
    repoint: { ...merge, indexes },
  };
}

/**
 * A merge was undone: the parties it re-pointed (and still naming the survivor) name the merged
 * person again. Returns null when this case was not re-pointed by that merge.
 */
export function restoreParties(
  parties: readonly CaseParty[],
  repoints: readonly Repoint[],
  mergeId: string,
): { parties: CaseParty[]; repoints: Repoint[] } | null {
  const repoint = repoints.find((r) => r.mergeId === mergeId);
  if (!repoint) return null;
  return {
    parties: parties.map((party, index) =>
      repoint.indexes.includes(index) && party.subjectId === repoint.survivorId
        ? { ...party, subjectId: repoint.mergedId }
        : party,
    ),
    repoints: repoints.filter((r) => r.mergeId !== mergeId),
  };
}
