import { type SubjectType } from '@opencen/contracts';

/** Whether the search index of a kind holds every event published so far (persons service). */
export abstract class RecordIndexes {
  abstract caughtUp(recordType: SubjectType, withinMs: number): Promise<boolean>;
}
