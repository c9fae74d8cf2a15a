import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type companyHistory,
} from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { historyReply } from '../../records/usecases/record-history';
import { requireReader } from '../../subjects/usecases/access';
import { companyNotFound } from './company-rules';
import { CompanyRepository } from './ports';

export type CompanyHistoryCommand = HandlerRequestOf<typeof companyHistory> & {
  readonly context: RequestContext;
};

/** Every change of a company, oldest first: who (principal id), when, which version, which fields. */
@Injectable()
export class CompanyHistory {
  constructor(private readonly companies: CompanyRepository) {}

  async execute(command: CompanyHistoryCommand): Promise<HandlerReplyOf<typeof companyHistory>> {
    requireReader(command.context);
    const history = await this.companies.history(command.id);
    if (!history) throw companyNotFound(command.id);
    return historyReply(history);
  }
}
