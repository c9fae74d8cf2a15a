import { Module } from '@nestjs/common';

import { CasesModule } from '../cases/cases.module';
import { PhotosModule } from '../photos/photos.module';
import { CaseSearchProjection } from './infrastructure/case-search.projection';
import { OpenSearchCaseIndex } from './infrastructure/opensearch-case-index';
import { OpenSearchCaseLinksStore } from './infrastructure/opensearch-case-links.store';
import { OpenSearchCaseMatches } from './infrastructure/opensearch-case-matches';
import { OpenSearchCaseSearchStore } from './infrastructure/opensearch-case-search.store';
import { SearchController } from './search.controller';
import { CaseStatistics } from './usecases/case-statistics';
import { MatchSavedCaseSearches } from './usecases/match-saved-case-searches';
import { GetCaseLinks } from './usecases/get-case-links';
import { CaseIndex, CaseLinksStore, CaseMatches, CaseSearchStore } from './usecases/ports';
import { SearchCasePhotos } from './usecases/search-case-photos';
import { SearchCases } from './usecases/search-cases';

/**
 * Search and statistics of cases, on the cases index (OpenSearch), which CaseSearchProjection
 * keeps up to date from the cases' events, reading each case and its photos through the cases and
 * photos modules. Exports the case ids of the index (CaseIndex) to the features that list cases
 * before reading each by key.
 */
@Module({
  imports: [CasesModule, PhotosModule],
  controllers: [SearchController],
  providers: [
    { provide: CaseSearchStore, useClass: OpenSearchCaseSearchStore },
    { provide: CaseIndex, useClass: OpenSearchCaseIndex },
    { provide: CaseMatches, useClass: OpenSearchCaseMatches },
    { provide: CaseLinksStore, useClass: OpenSearchCaseLinksStore },
    CaseSearchProjection,
    SearchCases,
    CaseStatistics,
    SearchCasePhotos,
    MatchSavedCaseSearches,
    GetCaseLinks,
  ],
  exports: [CaseSearchStore, CaseIndex],
})
export class SearchModule {}
