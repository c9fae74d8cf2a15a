import { type MergeRecord, type MergeableRecord } from './record-merge';

/**
 * What every record an office owns has, whatever its kind (person, company, conveyance): the
 * office, who created and last changed it and when, its version, its classification, and the
 * case links that only the case-links feature writes. The rest of a record is its kind's draft.
 */
export interface OfficeRecord<M extends MergeRecord = MergeRecord> extends MergeableRecord<M> {
  readonly classification: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly caseCount: number;
  readonly lastSeenAt?: string;
}

/** The stamps a record gets when it is created or edited, next to its draft. */
export type RecordStamps = Pick<
  OfficeRecord,
  'id' | 'office' | 'createdAt' | 'createdBy' | 'updatedAt' | 'updatedBy' | 'version' | 'caseCount'
> &
  Partial<Pick<OfficeRecord, 'lastSeenAt'>>;

/** One line of a record's change history, kept in the record's own document. */
export interface HistoryEntry {
  readonly version: number;
  readonly at: Date;
  /** The principal's `sub`, never a username. */
  readonly by: string;
  readonly change: 'created' | 'updated' | 'merged' | 'unmerged';
  /** Top-level draft fields that changed (for a creation: those that were given). */
  readonly fields: readonly string[];
}
