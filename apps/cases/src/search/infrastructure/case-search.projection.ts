import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  type EventContract,
  caseEventContracts,
  caseSubjectEventContracts,
  caseWorkflowEventContracts,
} from '@opencen/contracts';
import { type SearchProjection, SearchService } from '@opencen/nest-kit';
import { Model } from 'mongoose';

import { CASE_MODEL, type CaseDocument } from '../../cases/infrastructure/case.schema';
import { CASE_SEARCH_INDEX, caseSearchDocument } from './case-search.index';

/** Every event that changes what the cases index holds of a case (its subject is the case). */
export const CASE_INDEX_EVENTS: readonly EventContract[] = [
  ...caseEventContracts,
  ...caseWorkflowEventContracts,
  ...caseSubjectEventContracts,
].filter((contract) => contract.aggregate === 'case');

/** Keeps the cases index up to date from the cases' events (durable consumer `cases-search`). */
@Injectable()
export class CaseSearchProjection implements OnModuleInit {
  readonly projection: SearchProjection;

  constructor(
    private readonly search: SearchService,
    @InjectModel(CASE_MODEL) cases: Model<CaseDocument>,
  ) {
    this.projection = {
      durable: 'cases-search',
      index: CASE_SEARCH_INDEX,
      events: CASE_INDEX_EVENTS,
      load: async (id) => {
        const stored = await cases
          .findById(id, { history: 0, comments: 0, repoints: 0, outbox: 0 })
          .lean<CaseDocument>();
        return stored ? caseSearchDocument(stored) : null;
      },
    };
  }

  async onModuleInit(): Promise<void> {
    await this.search.project(this.projection);
  }
}
