import { Controller, Res } from '@nestjs/common';
import {
  type Company,
  type HandlerRequestOf,
  type ReplyOf,
  createCompany,
  getCompany,
  searchCompanies,
  updateCompany,
  companyHistory,
  mergeCompanies,
  unmergeCompanies,
} from '@opencen/contracts';
import { ContractClient, type RequestContext } from '@opencen/nest-kit';
import { type Response } from 'express';
import { Caller, ContractRequest, ContractRouteHandler, entityTag } from '../http/contract-route';
import { withBodyPaths } from '../http/service-call';
import { companyRoutes as routes } from './companies.routes';

/**
 * Companies over HTTP: each handler sends the validated contract request to the persons service
 * with the caller's principal, and sets the status and headers of the reply.
 */
@Controller()
export class CompaniesController {
  constructor(private readonly client: ContractClient) {}

  /** 201 with Location and ETag when recorded; 200 with the candidates when nothing was. */
  @ContractRouteHandler(routes.create)
  async create(
    @ContractRequest() request: HandlerRequestOf<typeof createCompany>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReplyOf<typeof createCompany>> {
    const reply = await this.client.send(createCompany, request, { context: caller });
    if (reply.outcome === 'created') {
      res.location(companyLocation(reply.company));
      res.setHeader('ETag', entityTag(reply.company.version));
    } else {
      res.status(200);
    }
    return reply;
  }

  @ContractRouteHandler(routes.search)
  async search(
    @ContractRequest() request: HandlerRequestOf<typeof searchCompanies>,
    @Caller() caller: RequestContext,
  ): Promise<ReplyOf<typeof searchCompanies>> {
    return this.client.send(searchCompanies, request, { context: caller });
  }

  @ContractRouteHandler(routes.get)
  async get(
    @ContractRequest() request: HandlerRequestOf<typeof getCompany>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Company> {
    const company = await this.client.send(getCompany, request, { context: caller });
    res.setHeader('ETag', entityTag(company.version));
    return company;
  }

  @ContractRouteHandler(routes.update)
  async update(
    @ContractRequest() request: HandlerRequestOf<typeof updateCompany>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Company> {
    const company = await withBodyPaths(routes.update, () =>
      this.client.send(updateCompany, request, { context: caller }),
    );
    res.setHeader('ETag', entityTag(company.version));
    return company;
  }

  @ContractRouteHandler(routes.history)
  async history(
    @ContractRequest() request: HandlerRequestOf<typeof companyHistory>,
    @Caller() caller: RequestContext,
  ): Promise<ReplyOf<typeof companyHistory>> {
    return this.client.send(companyHistory, request, { context: caller });
  }

  /** 200 with the survivor, its new version as ETag. */
  @ContractRouteHandler(routes.merge)
  async merge(
    @ContractRequest() request: HandlerRequestOf<typeof mergeCompanies>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReplyOf<typeof mergeCompanies>> {
    const survivor = await this.client.send(mergeCompanies, request, { context: caller });
    res.setHeader('ETag', entityTag(survivor.version));
    return survivor;
  }

  /** 200 with the survivor and the restored record, the survivor's new version as ETag. */
  @ContractRouteHandler(routes.unmerge)
  async unmerge(
    @ContractRequest() request: HandlerRequestOf<typeof unmergeCompanies>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReplyOf<typeof unmergeCompanies>> {
    const reply = await this.client.send(unmergeCompanies, request, { context: caller });
    res.setHeader('ETag', entityTag(reply.survivor.version));
    return reply;
  }
}

/** The URL of a company, as in Location. */
export function companyLocation(company: Pick<Company, 'id'>): string {
  return `/api/v1/companies/${encodeURIComponent(company.id)}`;
}
