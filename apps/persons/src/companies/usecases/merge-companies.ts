import { Injectable } from '@nestjs/common';
import {
  type Company,
  type CompanyMerge,
  type HandlerReplyOf,
  type HandlerRequestOf,
  type mergeCompanies,
  type unmergeCompanies,
} from '@opencen/contracts';
import {
  type RequestContext,
  changedFields,
  draftPart,
  Clock,
  IdGenerator,
} from '@opencen/nest-kit';

import { RecordMerges } from '../../records/usecases/record-merges';
import { companyMergeKind } from '../domain/company-merge';
import { COMPANY_DRAFT_FIELDS } from '../domain/company';
import { companyMergeEvents, companyNotFound } from './company-rules';
import { CompanyRepository } from './ports';

export type MergeCompaniesCommand = HandlerRequestOf<typeof mergeCompanies> & {
  readonly context: RequestContext;
};
export type UnmergeCompaniesCommand = HandlerRequestOf<typeof unmergeCompanies> & {
  readonly context: RequestContext;
};

/** The merge of companies: the service's one merge mechanism (RecordMerges) with company rules. */
function companyMerges(
  companies: CompanyRepository,
  clock: Clock,
  ids: { next(): string },
): RecordMerges<Company, CompanyMerge> {
  return new RecordMerges(companyMergeKind, {
    store: companies,
    events: companyMergeEvents,
    clock,
    ids,
    notFound: companyNotFound,
    changedFields: (before, after) =>
      changedFields(
        COMPANY_DRAFT_FIELDS,
        draftPart(COMPANY_DRAFT_FIELDS, before),
        draftPart(COMPANY_DRAFT_FIELDS, after),
      ),
  });
}

/**
 * Merges one company into another. Three versioned single-document writes; how an interruption
 * between them is detected and completed (a retry of the same request) is told in RecordMerges.
 */
@Injectable()
export class MergeCompanies {
  private readonly merges: RecordMerges<Company, CompanyMerge>;

  constructor(companies: CompanyRepository, clock: Clock, ids: IdGenerator) {
    this.merges = companyMerges(companies, clock, ids);
  }

  execute(command: MergeCompaniesCommand): Promise<HandlerReplyOf<typeof mergeCompanies>> {
    return this.merges.merge(command);
  }
}

/** Undoes a company merge from what the merge recorded, in the same careful order. */
@Injectable()
export class UnmergeCompanies {
  private readonly merges: RecordMerges<Company, CompanyMerge>;

  constructor(companies: CompanyRepository, clock: Clock) {
    this.merges = companyMerges(companies, clock, {
      next: () => {
        throw new Error('an undo creates no merge');
      },
    });
  }

  execute(command: UnmergeCompaniesCommand): Promise<HandlerReplyOf<typeof unmergeCompanies>> {
    return this.merges.unmerge(command);
  }
}
