import { Controller } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  createConveyance,
  getConveyance,
  searchConveyances,
  updateConveyance,
} from '@opencen/contracts';
import { HandleRequest, type RequestContext } from '@opencen/nest-kit';

import { CreateConveyance } from './usecases/create-conveyance';
import { GetConveyance } from './usecases/get-conveyance';
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
}
