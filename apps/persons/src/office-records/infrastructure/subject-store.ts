import { type SubjectRef, type SubjectType } from '@opencen/contracts';
import { type Connection } from 'mongoose';

/**
 * The collection of each kind of record, all in this service's own database; each is also given
 * to the outbox relay, which publishes the events kept with its documents.
 */
export const SUBJECT_COLLECTIONS: Readonly<Record<SubjectType, string>> = {
  person: 'persons',
  company: 'companies',
  conveyance: 'conveyances',
};

/** Merges chain (A into B, then B into C); a longer chain than this is a loop, a bug. */
const MAX_MERGE_HOPS = 10;

interface MergeFields {
  _id: string;
  mergedInto?: string;
  merges?: { mergeId: string; mergedId: string; state: string }[];
}

/**
 * The subject a reference stands for now: itself, or the survivor at the end of its `mergedInto`
 * pointers; null when there is no such subject.
 */
export async function resolveSubject(
  connection: Connection,
  subject: SubjectRef,
): Promise<SubjectRef | null> {
  const collection = connection.collection<MergeFields>(SUBJECT_COLLECTIONS[subject.subjectType]);
  let id = subject.subjectId;
  for (let hops = 0; ; hops++) {
    if (hops > MAX_MERGE_HOPS) throw new Error(`${subject.subjectType} ${id}: merge pointers loop`);
    const found = await collection.findOne({ _id: id }, { projection: { mergedInto: 1 } });
    if (!found) {
      if (hops === 0) return null;
      throw new Error(`A ${subject.subjectType} is merged into a missing one, ${id}`);
    }
    if (found.mergedInto == null) return { subjectType: subject.subjectType, subjectId: id };
    id = found.mergedInto;
  }
}

/** The classification of a subject as stored; null when there is no such subject. */
export async function subjectClassification(
  connection: Connection,
  subject: SubjectRef,
): Promise<string | null> {
  const found = await connection
    .collection<{ _id: string; classification: string }>(SUBJECT_COLLECTIONS[subject.subjectType])
    .findOne({ _id: subject.subjectId }, { projection: { classification: 1 } });
  return found?.classification ?? null;
}

/**
 * Whether merge `mergeId` of `mergedId` into `survivorId` is in force: the merged subject points at
 * the survivor (the merge's commit point) and the survivor's record of it is not being undone.
 */
export async function mergeInForce(
  connection: Connection,
  subjectType: SubjectType,
  merge: { mergeId: string; survivorId: string; mergedId: string },
): Promise<boolean> {
  const collection = connection.collection<MergeFields>(SUBJECT_COLLECTIONS[subjectType]);
  const merged = await collection.findOne(
    { _id: merge.mergedId },
    { projection: { mergedInto: 1 } },
  );
  if (merged?.mergedInto !== merge.survivorId) return false;
  const survivor = await collection.findOne(
    { _id: merge.survivorId },
    { projection: { merges: 1 } },
  );
  const record = survivor?.merges?.find((m) => m.mergeId === merge.mergeId);
  return record !== undefined && (record.state === 'pending' || record.state === 'done');
}
