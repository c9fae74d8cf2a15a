import { Controller } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  createConveyance,
  getConveyance,
  searchConveyances,
  updateConveyance,
  conveyanceHistory,
  mergeConveyances,
  unmergeConveyances,
} from '@opencen/contracts';
import { HandleRequest, type RequestContext } from '@opencen/nest-kit';

import { CreateConveyance } from './usecases/create-conveyance';
import { ConveyanceHistory } from './usecases/conveyance-history';
import { GetConveyance } from './usecases/get-conveyance';
import { MergeConveyances, UnmergeConveyances } from './usecases/merge-conveyances';
import { SearchConveyances } from './usecases/search-conveyances';
import { UpdateConveyance } from './usecases/update-conveyance';

/** The `persons.conveyance.*` request subjects; each handler hands the request to its use case. */
@Controller()
export class ConveyancesController {
  constructor(
    private readonly createConveyance: CreateConveyance,
    private readonly getConveyance: GetConveyance,
    private readonly updateConveyance: UpdateConveyance,
    private readonly searchConveyances: SearchConveyances,
    private readonly conveyanceHistory: ConveyanceHistory,
    private readonly mergeConveyances: MergeConveyances,
    private readonly unmergeConveyances: UnmergeConveyances,
  ) {}

  @HandleRequest(createConveyance)
  create(
    request: HandlerRequestOf<typeof createConveyance>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof createConveyance>> {
    return this.createConveyance.execute({ ...request, context });
  }

  @HandleRequest(getConveyance)
  get(
    request: HandlerRequestOf<typeof getConveyance>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof getConveyance>> {
    return this.getConveyance.execute({ ...request, context });
  }

  @HandleRequest(updateConveyance)
  update(
    request: HandlerRequestOf<typeof updateConveyance>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof updateConveyance>> {
    return this.updateConveyance.execute({ ...request, context });
  }

  @HandleRequest(searchConveyances)
  search(
    request: HandlerRequestOf<typeof searchConveyances>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof searchConveyances>> {
    return this.searchConveyances.execute({ ...request, context });
  }

  @HandleRequest(conveyanceHistory)
  history(
    request: HandlerRequestOf<typeof conveyanceHistory>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof conveyanceHistory>> {
    return this.conveyanceHistory.execute({ ...request, context });
  }

  @HandleRequest(mergeConveyances)
  merge(
    request: HandlerRequestOf<typeof mergeConveyances>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof mergeConveyances>> {
    return this.mergeConveyances.execute({ ...request, context });
  }

  @HandleRequest(unmergeConveyances)
  unmerge(
    request: HandlerRequestOf<typeof unmergeConveyances>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof unmergeConveyances>> {
    return this.unmergeConveyances.execute({ ...request, context });
  }
}
