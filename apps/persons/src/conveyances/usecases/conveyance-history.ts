import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type conveyanceHistory,
} from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { historyReply } from '../../records/usecases/record-history';
import { requireReader } from '../../subjects/usecases/access';
import { conveyanceNotFound } from './conveyance-rules';
import { ConveyanceRepository } from './ports';

export type ConveyanceHistoryCommand = HandlerRequestOf<typeof conveyanceHistory> & {
  readonly context: RequestContext;
};

/** Every change of a conveyance, oldest first: who (principal id), when, which version, which fields. */
@Injectable()
export class ConveyanceHistory {
  constructor(private readonly conveyances: ConveyanceRepository) {}

  async execute(
    command: ConveyanceHistoryCommand,
  ): Promise<HandlerReplyOf<typeof conveyanceHistory>> {
    requireReader(command.context);
    const history = await this.conveyances.history(command.id);
    if (!history) throw conveyanceNotFound(command.id);
    return historyReply(history);
  }
}
