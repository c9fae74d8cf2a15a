import { type CaseDraft, type SubjectType } from '@opencen/contracts';

/** What a case links to records of the persons service: parties, and its means of conveyance. */
export type SubjectLinks = Pick<CaseDraft, 'parties' | 'conveyance'>;

/** One merge in the persons service: references to `mergedId` now mean `survivorId`. */
export interface SubjectMerge {
  subjectType: SubjectType;
  mergeId: string;
  mergedId: string;
  survivorId: string;
}

/** The links of a case re-pointed by one merge, kept so that an undo of the merge restores them. */
export interface Repoint {
  mergeId: string;
  /** Absent in records written when only persons merges were followed: a person then. */
  subjectType?: SubjectType;
  mergedId: string;
  survivorId: string;
  /** Indexes in `parties` that named the merged subject. */
  indexes: number[];
  /** Whether the case's conveyance was the merged conveyance. */
  conveyance?: boolean;
  /**
   * Set by the undo. The record is kept so that a late or replayed delivery of the merge (e.g. to
   * a new durable consumer) is not applied again.
   */
  undone?: boolean;
}

/** The case fields a re-pointing changes, for the history line and the updated event. */
function fieldsOf(repoint: Pick<Repoint, 'indexes' | 'conveyance'>): string[] {
  return [
    ...(repoint.indexes.length > 0 ? ['parties'] : []),
    ...(repoint.conveyance ? ['conveyance'] : []),
  ];
}

/**
 * A subject was merged: parties and the conveyance naming `mergedId` (of the merge's kind) now
 * name `survivorId`. Returns null when the case names no such subject (nothing to do), or when
 * this merge was already applied, undone or not.
 */
export function repointLinks(
  links: SubjectLinks,
  repoints: readonly Repoint[],
  merge: SubjectMerge,
): { links: SubjectLinks; fields: string[]; repoint: Repoint } | null {
  if (repoints.some((r) => r.mergeId === merge.mergeId)) return null;
  const indexes = links.parties.flatMap((party, index) =>
    party.subjectType === merge.subjectType && party.subjectId === merge.mergedId ? [index] : [],
  );
  const conveyance =
    merge.subjectType === 'conveyance' && links.conveyance?.conveyanceId === merge.mergedId;
  if (indexes.length === 0 && !conveyance) return null;
  const repoint: Repoint = { ...merge, indexes, ...(conveyance ? { conveyance } : {}) };
  return {
    links: {
      parties: links.parties.map((party, index) =>
        indexes.includes(index) ? { ...party, subjectId: merge.survivorId } : party,
      ),
      conveyance:
        conveyance && links.conveyance
          ? { ...links.conveyance, conveyanceId: merge.survivorId }
          : links.conveyance,
    },
    fields: fieldsOf(repoint),
    repoint,
  };
}

/**
 * A merge was undone: the links it re-pointed, and that still name the survivor, name the merged
 * subject again; a link changed since by an officer is left as it is. Returns null when this case
 * was not re-pointed by that merge, or the undo was already applied.
 */
export function restoreLinks(
  links: SubjectLinks,
  repoints: readonly Repoint[],
  mergeId: string,
): { links: SubjectLinks; fields: string[]; repoints: Repoint[] } | null {
  const repoint = repoints.find((r) => r.mergeId === mergeId && !r.undone);
  if (!repoint) return null;
  const subjectType = repoint.subjectType ?? 'person';
  const restoreConveyance =
    repoint.conveyance === true && links.conveyance?.conveyanceId === repoint.survivorId;
  return {
    links: {
      parties: links.parties.map((party, index) =>
        repoint.indexes.includes(index) &&
        party.subjectType === subjectType &&
        party.subjectId === repoint.survivorId
          ? { ...party, subjectId: repoint.mergedId }
          : party,
      ),
      conveyance:
        restoreConveyance && links.conveyance
          ? { ...links.conveyance, conveyanceId: repoint.mergedId }
          : links.conveyance,
    },
    fields: fieldsOf(repoint),
    repoints: repoints.map((r) => (r === repoint ? { ...r, undone: true } : r)),
  };
}
