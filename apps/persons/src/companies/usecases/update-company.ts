import { Injectable } from '@nestjs/common';
import { type Company, type HandlerRequestOf, type updateCompany } from '@opencen/contracts';
import { type RequestContext, Clock } from '@opencen/nest-kit';

import {
  type OfficeRecordEdits,
  updateOfficeRecord,
} from '../../records/usecases/update-office-record';
import { ReferenceCodes } from '../../subjects/usecases/ports';
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
  private readonly edits: OfficeRecordEdits<Company, UpdateCompanyCommand['draft']>;

  constructor(
    companies: CompanyRepository,
    reference: ReferenceCodes,
    private readonly clock: Clock,
  ) {
    this.edits = {
      label: 'Company',
      draftFields: COMPANY_DRAFT_FIELDS,
      store: companies,
      notFound: companyNotFound,
      checkDraft: (draft) => assertKnownCountries(draft, reference),
      updatedEvent: companyUpdatedEvent,
    };
  }

  execute(command: UpdateCompanyCommand): Promise<Company> {
    return updateOfficeRecord(this.edits, command, this.clock);
  }
}
