import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  companyMerged,
  companyUnmerged,
  conveyanceMerged,
  conveyanceUnmerged,
  personMerged,
  personUnmerged,
  casesSubjectMergesConsumer,
} from '@opencen/contracts';
import { EventBus, onEvent } from '@opencen/nest-kit';

import { RepointCaseSubjects } from './usecases/repoint-case-subjects';

/**
 * The durable consumer `cases-subject-merges`: re-points the parties and conveyances of cases when
 * the persons service merges persons, companies or conveyances, and restores them when a merge is
 * undone. A redelivered or replayed merge changes nothing: each case records the merges applied to
 * it, undone ones too (RepointCaseSubjects).
 */
export const SUBJECT_MERGES_CONSUMER = casesSubjectMergesConsumer.durable;

@Injectable()
export class SubjectMergesConsumer implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly repoint: RepointCaseSubjects,
  ) {}

  onModuleInit(): void {
    this.events.consume({
      durable: SUBJECT_MERGES_CONSUMER,
      declared: casesSubjectMergesConsumer,
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
