import { Injectable, type OnModuleInit } from '@nestjs/common';
import { caseSubjectsLinked, personsCaseLinksConsumer } from '@opencen/contracts';
import { EventBus, onEvent } from '@opencen/nest-kit';

import { LinkCaseSubjects } from './usecases/link-case-subjects';

/** The durable consumer `persons-case-links` of the cases service's subjects-linked events. */
export const CASE_LINKS_CONSUMER = personsCaseLinksConsumer.durable;

@Injectable()
export class CaseLinksConsumer implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly linkCaseSubjects: LinkCaseSubjects,
  ) {}

  onModuleInit(): void {
    this.events.consume({
      durable: CASE_LINKS_CONSUMER,
      declared: personsCaseLinksConsumer,
      handlers: [onEvent(caseSubjectsLinked, (event) => this.linkCaseSubjects.execute(event))],
    });
  }
}
