import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Classification, type Company } from '@opencen/contracts';
import { EventBus, SearchService } from '@opencen/nest-kit';
import { Model } from 'mongoose';

import { MongoRecordStore, inIdOrder } from '../../office-records/office-records.module';
import { companyKind } from '../domain/company-kind';
import { CompanyRepository } from '../usecases/ports';
import { COMPANIES_INDEX } from './company-search.index';
import { COMPANY_MODEL, type CompanyDocument } from './company.schema';

/** Companies in their collection, read by `_id` (the kernel's store); searched in their index. */
@Injectable()
export class MongoCompanyRepository
  extends MongoRecordStore<Company, CompanyDocument>
  implements CompanyRepository
{
  constructor(
    @InjectModel(COMPANY_MODEL) companies: Model<CompanyDocument>,
    events: EventBus,
    search: SearchService,
  ) {
    super(companyKind, companies, events, search, COMPANIES_INDEX, [
      'matchKeys',
      'numbers',
      'nameKeys',
      'caseIds',
    ]);
  }

  /** Those sharing the most keys first, then by id. */
  findByMatchKeys(
    keys: readonly string[],
    limit: number,
    readable: readonly Classification[],
  ): Promise<Company[]> {
    return this.found(
      { should: keys.map((key) => ({ term: { matchKeys: key } })), minimum_should_match: 1 },
      { size: limit, sort: ['_score', { id: 'asc' }] },
      readable,
    );
  }

  search(
    query: { nameKeys: readonly string[] } | { number: string },
    after: string | undefined,
    limit: number,
    readable: readonly Classification[],
  ): Promise<Company[]> {
    const filter =
      'number' in query
        ? [{ term: { numbers: query.number } }]
        : query.nameKeys.map((key) => ({ term: { nameKeys: key } }));
    return this.found({ filter }, { size: limit, ...inIdOrder(after) }, readable);
  }
}
