import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { CASE_STORE_MODELS } from '../cases/infrastructure/case.schema';
import { CaseSearchProjection } from './infrastructure/case-search.projection';
import { OpenSearchCaseSearchStore } from './infrastructure/opensearch-case-search.store';
import { SearchController } from './search.controller';
import { CaseStatistics } from './usecases/case-statistics';
import { CaseSearchStore } from './usecases/ports';
import { SearchCases } from './usecases/search-cases';

/**
 * Search and statistics of cases, on the cases index (OpenSearch), which CaseSearchProjection
 * keeps up to date from the cases' events.
 */
@Module({
  imports: [MongooseModule.forFeature(CASE_STORE_MODELS)],
  controllers: [SearchController],
  providers: [
    { provide: CaseSearchStore, useClass: OpenSearchCaseSearchStore },
    CaseSearchProjection,
    SearchCases,
    CaseStatistics,
  ],
  exports: [CaseSearchStore],
})
export class SearchModule {}
