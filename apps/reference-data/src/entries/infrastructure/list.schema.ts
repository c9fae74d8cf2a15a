import { type ReferenceList } from '@opencen/contracts';
import { Schema } from 'mongoose';

export const LIST_MODEL = 'List';
export const LISTS_COLLECTION = 'lists';

/**
 * One document per code list. `revision` counts the list's changes: every write of an entry first
 * takes the next revision here (`$inc`, atomic) and stores it in the entry, and the snapshot
 * version is this counter. Without multi-document transactions the two writes are separate, so a
 * write that fails after taking its revision leaves a gap in the numbers, never a change that the
 * version does not count. (FerretDB 1.24 does not apply one document's concurrent updates
 * atomically: the repository makes this process's `$inc` take turns, but replicas on FerretDB
 * could still share a revision; on MongoDB they cannot.)
 */
export interface ListDocument {
  _id: ReferenceList;
  revision: number;
  /** Set once the list is seeded from a source with this fingerprint (see usecases/seed-lists). */
  seed?: { fingerprint: string; entries: number; seededAt: Date };
}

export const listSchema = new Schema<ListDocument>(
  {
    _id: { type: String, required: true },
    revision: { type: Number, default: 0 },
    seed: {
      type: new Schema({ fingerprint: String, entries: Number, seededAt: Date }, { _id: false }),
      required: false,
    },
  },
  { versionKey: false },
);
// Only reads and updates by _id: no other index.
