import { Injectable } from '@nestjs/common';
import { type ExchangeCase, getCaseExchangeRecord } from '@opencen/contracts';
import { ContractClient, ServiceError, currentContext, newCorrelationId } from '@opencen/nest-kit';

import { CaseExchangeRecords } from '../usecases/ports';

/**
 * The cases service's `cases.exchange-record.get`: the non-nominal record of one case, built as the
 * export builds it. Asked as the service (no user principal); NOT_FOUND means not exportable.
 */
@Injectable()
export class NatsCaseExchangeRecords extends CaseExchangeRecords {
  constructor(private readonly client: ContractClient) {
    super();
  }

  async record(caseId: string): Promise<ExchangeCase | null> {
    try {
      return await this.client.send(
        getCaseExchangeRecord,
        { caseId },
        { context: { correlationId: currentContext()?.correlationId ?? newCorrelationId() } },
      );
    } catch (error) {
      if (error instanceof ServiceError && error.code === 'NOT_FOUND') return null;
      throw error;
    }
  }
}
