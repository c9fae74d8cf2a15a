import { type DynamicModule, Module, type OnModuleInit } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import { SearchService } from '@opencen/nest-kit';
import { type Model } from 'mongoose';

import { NatsReferenceCodes } from '../subjects/infrastructure/reference-codes.client';
import { MatchingOptions, ReferenceCodes } from '../subjects/usecases/ports';
import { CompaniesController } from './companies.controller';
import { MongoCompanyRepository } from './infrastructure/company.repository';
import { companiesProjection } from './infrastructure/company-search.index';
import {
  COMPANIES_COLLECTION,
  COMPANY_MODEL,
  type CompanyDocument,
  companySchema,
} from './infrastructure/company.schema';
import { CreateCompany } from './usecases/create-company';
import { CompanyHistory } from './usecases/company-history';
import { GetCompany } from './usecases/get-company';
import { MergeCompanies, UnmergeCompanies } from './usecases/merge-companies';
import { CompanyRepository } from './usecases/ports';
import { SearchCompanies } from './usecases/search-companies';
import { UpdateCompany } from './usecases/update-company';

/** Companies (legal persons): the nCEN company database. */
@Module({})
export class CompaniesModule implements OnModuleInit {
  constructor(
    private readonly search: SearchService,
    @InjectModel(COMPANY_MODEL) private readonly companies: Model<CompanyDocument>,
  ) {}

  /** The companies index, fed by the company events (company-search.index.ts). */
  async onModuleInit(): Promise<void> {
    await this.search.project(companiesProjection(this.companies));
  }

  static register(options: MatchingOptions): DynamicModule {
    return {
      module: CompaniesModule,
      imports: [
        MongooseModule.forFeature([
          { name: COMPANY_MODEL, schema: companySchema, collection: COMPANIES_COLLECTION },
        ]),
      ],
      controllers: [CompaniesController],
      providers: [
        { provide: MatchingOptions, useValue: options },
        { provide: CompanyRepository, useClass: MongoCompanyRepository },
        { provide: ReferenceCodes, useClass: NatsReferenceCodes },
        // Random UUIDs: an id says nothing about the company, the office or the order of creation.
        CreateCompany,
        GetCompany,
        UpdateCompany,
        SearchCompanies,
        CompanyHistory,
        MergeCompanies,
        UnmergeCompanies,
      ],
    };
  }
}
