import { Controller, Res } from '@nestjs/common';
import {
  type Conveyance,
  type HandlerRequestOf,
  type ReplyOf,
  createConveyance,
  getConveyance,
  searchConveyances,
  updateConveyance,
  conveyanceHistory,
  mergeConveyances,
  unmergeConveyances,
} from '@opencen/contracts';
import { ContractClient, type RequestContext } from '@opencen/nest-kit';
import { type Response } from 'express';
import { Caller, ContractRequest, ContractRouteHandler, entityTag } from '../http/contract-route';
import { withBodyPaths } from '../http/service-call';
import { conveyanceRoutes as routes } from './conveyances.routes';

/**
 * Means of conveyance over HTTP: each handler sends the validated contract request to the persons service
 * with the caller's principal, and sets the status and headers of the reply.
 */
@Controller()
export class ConveyancesController {
  constructor(private readonly client: ContractClient) {}

  /** 201 with Location and ETag when recorded; 200 with the candidates when nothing was. */
  @ContractRouteHandler(routes.create)
  async create(
    @ContractRequest() request: HandlerRequestOf<typeof createConveyance>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReplyOf<typeof createConveyance>> {
    const reply = await this.client.send(createConveyance, request, { context: caller });
    if (reply.outcome === 'created') {
      res.location(conveyanceLocation(reply.conveyance));
      res.setHeader('ETag', entityTag(reply.conveyance.version));
    } else {
      res.status(200);
    }
    return reply;
  }

  @ContractRouteHandler(routes.search)
  async search(
    @ContractRequest() request: HandlerRequestOf<typeof searchConveyances>,
    @Caller() caller: RequestContext,
  ): Promise<ReplyOf<typeof searchConveyances>> {
    return this.client.send(searchConveyances, request, { context: caller });
  }

  @ContractRouteHandler(routes.get)
  async get(
    @ContractRequest() request: HandlerRequestOf<typeof getConveyance>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Conveyance> {
    const conveyance = await this.client.send(getConveyance, request, { context: caller });
    res.setHeader('ETag', entityTag(conveyance.version));
    return conveyance;
  }

  @ContractRouteHandler(routes.update)
  async update(
    @ContractRequest() request: HandlerRequestOf<typeof updateConveyance>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Conveyance> {
    const conveyance = await withBodyPaths(routes.update, () =>
      this.client.send(updateConveyance, request, { context: caller }),
    );
    res.setHeader('ETag', entityTag(conveyance.version));
    return conveyance;
  }

  @ContractRouteHandler(routes.history)
  async history(
    @ContractRequest() request: HandlerRequestOf<typeof conveyanceHistory>,
    @Caller() caller: RequestContext,
  ): Promise<ReplyOf<typeof conveyanceHistory>> {
    return this.client.send(conveyanceHistory, request, { context: caller });
  }

  /** 200 with the survivor, its new version as ETag. */
  @ContractRouteHandler(routes.merge)
  async merge(
    @ContractRequest() request: HandlerRequestOf<typeof mergeConveyances>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReplyOf<typeof mergeConveyances>> {
    const survivor = await this.client.send(mergeConveyances, request, { context: caller });
    res.setHeader('ETag', entityTag(survivor.version));
    return survivor;
  }

  /** 200 with the survivor and the restored record, the survivor's new version as ETag. */
  @ContractRouteHandler(routes.unmerge)
  async unmerge(
    @ContractRequest() request: HandlerRequestOf<typeof unmergeConveyances>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReplyOf<typeof unmergeConveyances>> {
    const reply = await this.client.send(unmergeConveyances, request, { context: caller });
    res.setHeader('ETag', entityTag(reply.survivor.version));
    return reply;
  }
}

/** The URL of a conveyance, as in Location. */
export function conveyanceLocation(conveyance: Pick<Conveyance, 'id'>): string {
  return `/api/v1/conveyances/${encodeURIComponent(conveyance.id)}`;
}
