import { type DynamicModule, Module, type OnModuleInit } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import { SearchService } from '@opencen/nest-kit';
import { type Model } from 'mongoose';

import { OfficeRecordsModule } from '../office-records/office-records.module';
import { type MatchingOptions } from '../office-records/usecases/ports';
import { CompaniesController } from './companies.controller';
import { MongoCompanyRepository } from './infrastructure/company.repository';
import { COMPANIES_INDEXING } from './infrastructure/company-search.index';
import {
  COMPANIES_COLLECTION,
  COMPANY_MODEL,
  type CompanyDocument,
  companySchema,
} from './infrastructure/company.schema';
import { CompanyRecords } from './usecases/company-records';
import { CompanyRepository } from './usecases/ports';

/** Companies (legal persons): the nCEN company database, a kind of office-owned record. */
@Module({})
export class CompaniesModule implements OnModuleInit {
  constructor(
    private readonly search: SearchService,
    @InjectModel(COMPANY_MODEL) private readonly companies: Model<CompanyDocument>,
  ) {}

  /** The companies index, fed by the company events (company-search.index.ts). */
  async onModuleInit(): Promise<void> {
    await this.search.project(COMPANIES_INDEXING.projection(this.companies));
  }

  static register(options: MatchingOptions): DynamicModule {
    return {
      module: CompaniesModule,
      imports: [
        OfficeRecordsModule.register(options),
        MongooseModule.forFeature([
          { name: COMPANY_MODEL, schema: companySchema, collection: COMPANIES_COLLECTION },
        ]),
      ],
      controllers: [CompaniesController],
      providers: [{ provide: CompanyRepository, useClass: MongoCompanyRepository }, CompanyRecords],
      // Its search, for the saved watches on companies (saved-searches/).
      exports: [CompanyRecords],
    };
  }
}
