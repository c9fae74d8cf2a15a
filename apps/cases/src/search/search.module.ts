import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { CASE_MODEL, CASES_COLLECTION, caseSchema } from '../cases/infrastructure/case.schema';
import { MongoCaseSearchStore } from './infrastructure/mongo-case-search.store';
import { SearchController } from './search.controller';
import { CaseStatistics } from './usecases/case-statistics';
import { CaseSearchStore } from './usecases/ports';
import { SearchCases } from './usecases/search-cases';

/** Search and statistics of cases, read from the cases collection and its stored dimensions. */
@Module({
  imports: [
    MongooseModule.forFeature([
      { name: CASE_MODEL, schema: caseSchema, collection: CASES_COLLECTION },
    ]),
  ],
  controllers: [SearchController],
  providers: [
    { provide: CaseSearchStore, useClass: MongoCaseSearchStore },
    SearchCases,
    CaseStatistics,
  ],
})
export class SearchModule {}
