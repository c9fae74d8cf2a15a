import { Injectable } from '@nestjs/common';
import { type HandlerReplyOf, type HandlerRequestOf, type personHistory } from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { historyReply } from '../../records/usecases/record-history';
import { requireReader } from './access';
import { personNotFound } from './person-checks';
import { PersonRepository } from './ports';

export type PersonHistoryCommand = HandlerRequestOf<typeof personHistory> & {
  readonly context: RequestContext;
};

/** Every change of a person, oldest first: who (principal id), when, which version, which fields. */
@Injectable()
export class PersonHistory {
  constructor(private readonly persons: PersonRepository) {}

  async execute(command: PersonHistoryCommand): Promise<HandlerReplyOf<typeof personHistory>> {
    requireReader(command.context);
    const history = await this.persons.history(command.id);
    if (!history) throw personNotFound(command.id);
    return historyReply(history);
  }
}
