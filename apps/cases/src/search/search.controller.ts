import { Controller } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  caseStatistics,
  getCaseLinks,
  matchSavedCaseSearches,
  searchCasePhotos,
  searchCases,
} from '@opencen/contracts';
import { HandleRequest, type RequestContext } from '@opencen/nest-kit';

import { CaseStatistics } from './usecases/case-statistics';
import { GetCaseLinks } from './usecases/get-case-links';
import { MatchSavedCaseSearches } from './usecases/match-saved-case-searches';
import { SearchCasePhotos } from './usecases/search-case-photos';
import { SearchCases } from './usecases/search-cases';

/**
 * `cases.case.search`, `cases.case.statistics`, `cases.photo.search`, `cases.links.get` and
 * `cases.saved-search.match`: each hands its request to its use case.
 */
@Controller()
export class SearchController {
  constructor(
    private readonly searchCases: SearchCases,
    private readonly caseStatistics: CaseStatistics,
    private readonly searchPhotos: SearchCasePhotos,
    private readonly matchSaved: MatchSavedCaseSearches,
    private readonly caseLinks: GetCaseLinks,
  ) {}

  @HandleRequest(getCaseLinks)
  links(
    request: HandlerRequestOf<typeof getCaseLinks>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof getCaseLinks>> {
    return this.caseLinks.execute({ ...request, context });
  }

  @HandleRequest(matchSavedCaseSearches)
  matchSavedSearches(
    request: HandlerRequestOf<typeof matchSavedCaseSearches>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof matchSavedCaseSearches>> {
    return this.matchSaved.execute({ ...request, context });
  }

  @HandleRequest(searchCasePhotos)
  photos(
    request: HandlerRequestOf<typeof searchCasePhotos>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof searchCasePhotos>> {
    return this.searchPhotos.execute({ ...request, context });
  }

  @HandleRequest(searchCases)
  search(
    request: HandlerRequestOf<typeof searchCases>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof searchCases>> {
    return this.searchCases.execute({ ...request, context });
  }

  @HandleRequest(caseStatistics)
  statistics(
    request: HandlerRequestOf<typeof caseStatistics>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof caseStatistics>> {
    return this.caseStatistics.execute({ ...request, context });
  }
}
