import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  companyMerged,
  companyUnmerged,
  conveyanceMerged,
  conveyanceUnmerged,
  personMerged,
  personUnmerged,
} from '@opencen/contracts';
import { EventBus, onEvent } from '@opencen/nest-kit';

import { RepointCaseSubjects } from './usecases/repoint-case-subjects';

/**
 * The durable consumer `cases-subject-merges`: re-points parties and conveyances when persons,
 * companies or conveyances are merged, and restores them when a merge is undone.
 *
 * It replaces `cases-person-merges`. A new durable starts at the beginning of the stream, and the
 * handled-events records are kept per durable, so it is handed every persons merge that the old
 * one handled. That is safe because the use case is idempotent by merge id: a case keeps the record
 * of each merge applied to it, undone ones too, and never applies one twice. (Keeping the old
 * durable with more subjects instead would miss the company and conveyance merges published
 * before this version started: a consumer whose filter changes does not go back in the stream.)
 */
export const SUBJECT_MERGES_CONSUMER = 'cases-subject-merges';

@Injectable()
export class SubjectMergesConsumer implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly repoint: RepointCaseSubjects,
  ) {}

  onModuleInit(): void {
    this.events.consume({
      durable: SUBJECT_MERGES_CONSUMER,
      handlers: [
        onEvent(personMerged, (event) => this.repoint.merged('person', event)),
        onEvent(personUnmerged, (event) => this.repoint.unmerged('person', event)),
        onEvent(companyMerged, (event) => this.repoint.merged('company', event)),
        onEvent(companyUnmerged, (event) => this.repoint.unmerged('company', event)),
        onEvent(conveyanceMerged, (event) => this.repoint.merged('conveyance', event)),
        onEvent(conveyanceUnmerged, (event) => this.repoint.unmerged('conveyance', event)),
      ],
    });
  }
}
