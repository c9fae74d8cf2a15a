import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';

import { CASE_STORE_MODELS } from '../cases/infrastructure/case.schema';
import { PHOTO_MODEL, PHOTOS_COLLECTION, photoSchema } from '../photos/infrastructure/photo.schema';
import { CaseSearchProjection } from './infrastructure/case-search.projection';
import { OpenSearchCaseSearchStore } from './infrastructure/opensearch-case-search.store';
import { SearchController } from './search.controller';
import { CaseStatistics } from './usecases/case-statistics';
import { CaseSearchStore } from './usecases/ports';
import { SearchCasePhotos } from './usecases/search-case-photos';
import { SearchCases } from './usecases/search-cases';

/**
 * Search and statistics of cases, on the cases index (OpenSearch), which CaseSearchProjection
 * keeps up to date from the cases' events.
 */
@Module({
  imports: [
    MongooseModule.forFeature([
      ...CASE_STORE_MODELS,
      { name: PHOTO_MODEL, schema: photoSchema, collection: PHOTOS_COLLECTION },
    ]),
  ],
  controllers: [SearchController],
  providers: [
    { provide: CaseSearchStore, useClass: OpenSearchCaseSearchStore },
    CaseSearchProjection,
    SearchCases,
    CaseStatistics,
    SearchCasePhotos,
  ],
  exports: [CaseSearchStore],
})
export class SearchModule {}
