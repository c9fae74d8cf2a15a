import { Controller } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  createPerson,
  getPerson,
  matchPersons,
  mergePersons,
  personHistory,
  searchPersons,
  unmergePersons,
  updatePerson,
} from '@opencen/contracts';
import { HandleRequest, type RequestContext } from '@opencen/nest-kit';

import { CreatePerson } from './usecases/create-person';
import { GetPerson } from './usecases/get-person';
import { MatchPersons } from './usecases/match-persons';
import { MergePersons, UnmergePersons } from './usecases/merge-persons';
import { PersonHistory } from './usecases/person-history';
import { SearchPersons } from './usecases/search-persons';
import { UpdatePerson } from './usecases/update-person';

/**
 * The `persons.person.*` request subjects. HandleRequest has already validated the request against
 * its contract and will check the reply; each handler only hands the request to its use case.
 */
@Controller()
export class PersonsController {
  constructor(
    private readonly matchPersons: MatchPersons,
    private readonly createPerson: CreatePerson,
    private readonly getPerson: GetPerson,
    private readonly updatePerson: UpdatePerson,
    private readonly searchPersons: SearchPersons,
    private readonly personHistory: PersonHistory,
    private readonly mergePersons: MergePersons,
    private readonly unmergePersons: UnmergePersons,
  ) {}

  @HandleRequest(mergePersons)
  merge(
    request: HandlerRequestOf<typeof mergePersons>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof mergePersons>> {
    return this.mergePersons.execute({ ...request, context });
  }

  @HandleRequest(unmergePersons)
  unmerge(
    request: HandlerRequestOf<typeof unmergePersons>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof unmergePersons>> {
    return this.unmergePersons.execute({ ...request, context });
  }

  @HandleRequest(matchPersons)
  match(
    request: HandlerRequestOf<typeof matchPersons>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof matchPersons>> {
    return this.matchPersons.execute({ ...request, context });
  }

  @HandleRequest(createPerson)
  create(
    request: HandlerRequestOf<typeof createPerson>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof createPerson>> {
    return this.createPerson.execute({ ...request, context });
  }

  @HandleRequest(getPerson)
  get(
    request: HandlerRequestOf<typeof getPerson>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof getPerson>> {
    return this.getPerson.execute({ ...request, context });
  }

  @HandleRequest(updatePerson)
  update(
    request: HandlerRequestOf<typeof updatePerson>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof updatePerson>> {
    return this.updatePerson.execute({ ...request, context });
  }

  @HandleRequest(searchPersons)
  search(
    request: HandlerRequestOf<typeof searchPersons>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof searchPersons>> {
    return this.searchPersons.execute({ ...request, context });
  }

  @HandleRequest(personHistory)
  history(
    request: HandlerRequestOf<typeof personHistory>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof personHistory>> {
    return this.personHistory.execute({ ...request, context });
  }
}
