import { Controller } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  createCompany,
  getCompany,
  searchCompanies,
  updateCompany,
  companyHistory,
  mergeCompanies,
  unmergeCompanies,
} from '@opencen/contracts';
import { HandleRequest, type RequestContext } from '@opencen/nest-kit';

import { CreateCompany } from './usecases/create-company';
import { CompanyHistory } from './usecases/company-history';
import { GetCompany } from './usecases/get-company';
import { MergeCompanies, UnmergeCompanies } from './usecases/merge-companies';
import { SearchCompanies } from './usecases/search-companies';
import { UpdateCompany } from './usecases/update-company';

/** The `persons.company.*` request subjects; each handler hands the request to its use case. */
@Controller()
export class CompaniesController {
  constructor(
    private readonly createCompany: CreateCompany,
    private readonly getCompany: GetCompany,
    private readonly updateCompany: UpdateCompany,
    private readonly searchCompanies: SearchCompanies,
    private readonly companyHistory: CompanyHistory,
    private readonly mergeCompanies: MergeCompanies,
    private readonly unmergeCompanies: UnmergeCompanies,
  ) {}

  @HandleRequest(createCompany)
  create(
    request: HandlerRequestOf<typeof createCompany>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof createCompany>> {
    return this.createCompany.execute({ ...request, context });
  }

  @HandleRequest(getCompany)
  get(
    request: HandlerRequestOf<typeof getCompany>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof getCompany>> {
    return this.getCompany.execute({ ...request, context });
  }

  @HandleRequest(updateCompany)
  update(
    request: HandlerRequestOf<typeof updateCompany>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof updateCompany>> {
    return this.updateCompany.execute({ ...request, context });
  }

  @HandleRequest(searchCompanies)
  search(
    request: HandlerRequestOf<typeof searchCompanies>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof searchCompanies>> {
    return this.searchCompanies.execute({ ...request, context });
  }

  @HandleRequest(companyHistory)
  history(
    request: HandlerRequestOf<typeof companyHistory>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof companyHistory>> {
    return this.companyHistory.execute({ ...request, context });
  }

  @HandleRequest(mergeCompanies)
  merge(
    request: HandlerRequestOf<typeof mergeCompanies>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof mergeCompanies>> {
    return this.mergeCompanies.execute({ ...request, context });
  }

  @HandleRequest(unmergeCompanies)
  unmerge(
    request: HandlerRequestOf<typeof unmergeCompanies>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof unmergeCompanies>> {
    return this.unmergeCompanies.execute({ ...request, context });
  }
}
