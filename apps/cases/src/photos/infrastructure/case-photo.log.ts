import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type CloudEvent } from '@opencen/contracts';
import { EventBus, withEvents } from '@opencen/nest-kit';
import { type Model } from 'mongoose';

import {
  CASE_MODEL,
  CASES_COLLECTION,
  type CaseDocument,
} from '../../cases/infrastructure/case.schema';
import { type CaseHistoryEntry } from '../../cases/usecases/ports';
import { CasePhotoLog } from '../usecases/ports';

/**
 * Writes into the case's own document, so that the history line and the event (picked up by the
 * outbox relay of the cases collection) are one atomic write. The line names its photo, and the
 * write matches only a case whose history does not name it yet: finishing twice records once.
 */
@Injectable()
export class MongoCasePhotoLog extends CasePhotoLog {
  constructor(
    @InjectModel(CASE_MODEL) private readonly cases: Model<CaseDocument>,
    private readonly events: EventBus,
  ) {
    super();
  }

  async record(
    caseId: string,
    photoId: string,
    entry: CaseHistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void> {
    await this.events.storeEvents(CASES_COLLECTION, caseId, () =>
      this.cases.updateOne(
        { _id: caseId, 'history.photoId': { $ne: photoId } },
        withEvents({ $push: { history: { ...entry, photoId } } }, events),
      ),
    );
  }
}
