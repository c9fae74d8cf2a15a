import { Injectable } from '@nestjs/common';
import { type HandlerReplyOf, type HandlerRequestOf, type matchPersons } from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { requireReader } from './access';
import { CandidateSearch } from './candidates';

export type MatchPersonsCommand = HandlerRequestOf<typeof matchPersons> & {
  readonly context: RequestContext;
};

/** Who the service already knows who may be the person described; reads only. */
@Injectable()
export class MatchPersons {
  constructor(private readonly candidates: CandidateSearch) {}

  async execute(command: MatchPersonsCommand): Promise<HandlerReplyOf<typeof matchPersons>> {
    requireReader(command.context);
    return { candidates: await this.candidates.find(command.draft, command.limit) };
  }
}
