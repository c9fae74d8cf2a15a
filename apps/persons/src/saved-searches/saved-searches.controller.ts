import { Controller } from '@nestjs/common';
import { type HandlerReplyOf, type HandlerRequestOf, matchSavedWatches } from '@opencen/contracts';
import { HandleRequest, type RequestContext } from '@opencen/nest-kit';

import { MatchSavedWatches } from './usecases/match-saved-watches';

/** `persons.saved-search.match`: hands the request to its use case. */
@Controller()
export class SavedSearchesController {
  constructor(private readonly matchWatches: MatchSavedWatches) {}

  @HandleRequest(matchSavedWatches)
  match(
    request: HandlerRequestOf<typeof matchSavedWatches>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof matchSavedWatches>> {
    return this.matchWatches.execute({ ...request, context });
  }
}
