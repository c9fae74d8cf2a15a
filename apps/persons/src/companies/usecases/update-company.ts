import { Injectable } from '@nestjs/common';
import { type Company, type HandlerRequestOf, type updateCompany } from '@opencen/contracts';
import { type RequestContext, assertVersion, changedFields, draftPart } from '@opencen/nest-kit';

import { assertNotMerged } from '../../records/usecases/record-merges';
import { assertSameOffice, requireWriter } from '../../subjects/usecases/access';
import { Clock, ReferenceCodes } from '../../subjects/usecases/ports';
import { COMPANY_DRAFT_FIELDS } from '../domain/company';
import { assertKnownCountries, companyNotFound, companyUpdatedEvent } from './company-rules';
import { CompanyRepository } from './ports';

export type UpdateCompanyCommand = HandlerRequestOf<typeof updateCompany> & {
  readonly context: RequestContext;
};

/**
 * An officer of the owning office replaces a company's details, from the version they saw. A
 * change that changes nothing stores nothing and emits nothing.
 */
@Injectable()
export class UpdateCompany {
  constructor(
    private readonly companies: CompanyRepository,
    private readonly reference: ReferenceCodes,
    private readonly clock: Clock,
  ) {}

  async execute(command: UpdateCompanyCommand): Promise<Company> {
    const actor = requireWriter(command.context);
    const current = await this.companies.findById(command.id);
    if (!current) throw companyNotFound(command.id);
    assertSameOffice('Company', actor, current);
    assertNotMerged('Company', current);
    assertVersion('Company', current, command.version);
    const fields = changedFields(
      COMPANY_DRAFT_FIELDS,
      draftPart(COMPANY_DRAFT_FIELDS, current),
      command.draft,
    );
    if (fields.length === 0) return current;
    await assertKnownCountries(command.draft, this.reference);
    const now = this.clock.now();
    const next: Company = {
      ...command.draft,
      id: current.id,
      office: current.office,
      createdAt: current.createdAt,
      caseCount: current.caseCount,
      lastSeenAt: current.lastSeenAt,
      createdBy: current.createdBy,
      updatedAt: now.toISOString(),
      updatedBy: actor.sub,
      version: current.version + 1,
      // The merges it survived stay with it.
      ...(current.merges ? { merges: current.merges } : {}),
    };
    await this.companies.update(
      next,
      current.version,
      { version: next.version, at: now, by: actor.sub, change: 'updated', fields },
      [companyUpdatedEvent(next, fields, command.context, actor.sub)],
    );
    return next;
  }
}
