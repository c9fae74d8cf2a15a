import { Controller } from '@nestjs/common';
import {
  type HandlerRequestOf,
  type ReplyOf,
  caseStatistics,
  searchCasePhotos,
  searchCases,
} from '@opencen/contracts';
import { ContractClient, type RequestContext } from '@opencen/nest-kit';
import { Caller, ContractRequest, ContractRouteHandler } from '../http/contract-route';
import { caseSearchRoutes as routes } from './search.routes';

/** Search and statistics of cases over HTTP: the validated query goes to the cases service. */
@Controller()
export class CaseSearchController {
  constructor(private readonly client: ContractClient) {}

  @ContractRouteHandler(routes.search)
  search(
    @ContractRequest() request: HandlerRequestOf<typeof searchCases>,
    @Caller() caller: RequestContext,
  ): Promise<ReplyOf<typeof searchCases>> {
    return this.client.send(searchCases, request, { context: caller });
  }

  @ContractRouteHandler(routes.photos)
  photos(
    @ContractRequest() request: HandlerRequestOf<typeof searchCasePhotos>,
    @Caller() caller: RequestContext,
  ): Promise<ReplyOf<typeof searchCasePhotos>> {
    return this.client.send(searchCasePhotos, request, { context: caller });
  }

  @ContractRouteHandler(routes.statistics)
  statistics(
    @ContractRequest() request: HandlerRequestOf<typeof caseStatistics>,
    @Caller() caller: RequestContext,
  ): Promise<ReplyOf<typeof caseStatistics>> {
    return this.client.send(caseStatistics, request, { context: caller });
  }
}
