import { Injectable, type OnModuleInit } from '@nestjs/common';
import { personMerged, personUnmerged } from '@opencen/contracts';
import { EventBus, onEvent } from '@opencen/nest-kit';

import { RepointCaseParties } from './usecases/repoint-case-parties';

/** The durable consumer `cases-person-merges`: re-points parties when persons are (un)merged. */
export const PERSON_MERGES_CONSUMER = 'cases-person-merges';

@Injectable()
export class PersonMergesConsumer implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly repoint: RepointCaseParties,
  ) {}

  onModuleInit(): void {
    this.events.consume({
      durable: PERSON_MERGES_CONSUMER,
      handlers: [
        onEvent(personMerged, (event) => this.repoint.merged(event)),
        onEvent(personUnmerged, (event) => this.repoint.unmerged(event)),
      ],
    });
  }
}
