import { Injectable } from '@nestjs/common';
import { type Company, type HandlerRequestOf, type getCompany } from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { resolveMerged } from '../../records/usecases/resolve-merged';
import { requireReader } from '../../subjects/usecases/access';
import { companyNotFound } from './company-rules';
import { CompanyRepository } from './ports';

export type GetCompanyCommand = HandlerRequestOf<typeof getCompany> & {
  readonly context: RequestContext;
};

/** Gets a company; the id of a merged company answers with its survivor (`resolvedFrom`). */
@Injectable()
export class GetCompany {
  constructor(private readonly companies: CompanyRepository) {}

  async execute(command: GetCompanyCommand): Promise<Company> {
    requireReader(command.context);
    const company = await resolveMerged((id) => this.companies.findById(id), command.id, 'Company');
    if (!company) throw companyNotFound(command.id);
    return company;
  }
}
