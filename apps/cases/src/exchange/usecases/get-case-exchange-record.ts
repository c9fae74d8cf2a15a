import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type getCaseExchangeRecord,
} from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';

import { CaseRepository } from '../../cases/usecases/ports';
import { EXPORTABLE_STATUSES } from '../domain/non-nominal';
import { exchangeCasesOf } from './exchange-cases';
import { SubjectFactsSource } from './ports';

export type GetCaseExchangeRecordQuery = HandlerRequestOf<typeof getCaseExchangeRecord> & {
  readonly context: RequestContext;
};

/**
 * The exchange record of one case, for another service (the notifications service's
 * case-exchange webhooks, which transfer validated cases to a partner): only a validated or closed
 * case of the lowest classification, what an export without clearance would serve; built like
 * every export page. A user's request is refused: a user exports through cases.export.*, which
 * records it; the webhook's transfers are recorded by their delivery events.
 */
@Injectable()
export class GetCaseExchangeRecord {
  constructor(
    private readonly cases: CaseRepository,
    private readonly facts: SubjectFactsSource,
  ) {}

  async execute(
    query: GetCaseExchangeRecordQuery,
  ): Promise<HandlerReplyOf<typeof getCaseExchangeRecord>> {
    if (query.context.principal) {
      throw ServiceError.forbidden('Exchange records are answered to services only, not to users');
    }
    const kase = await this.cases.findById(query.caseId);
    if (
      !kase ||
      !EXPORTABLE_STATUSES.includes(kase.status) ||
      kase.classification !== 'restricted'
    ) {
      throw ServiceError.notFound(`No exportable case ${query.caseId}`);
    }
    const [record] = await exchangeCasesOf([kase], this.facts);
    return record!;
  }
}
