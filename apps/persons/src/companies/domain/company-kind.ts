import {
  type Company,
  type CompanyDraft,
  type CompanyMerge,
  companyCreated,
  companyMerged,
  companySchema,
  companyUnmerged,
  companyUpdated,
} from '@opencen/contracts';

import { type RecordKind, recordOf } from '../../office-records/domain/record-kind';
import { COMPANY_DRAFT_FIELDS, companyKeysOf } from './company';
import { companyMergeKind } from './company-merge';

/** Companies (legal persons) as a kind of office-owned record. */
export const companyKind: RecordKind<'company', Company, CompanyDraft, CompanyMerge> = {
  noun: 'company',
  contract: companySchema,
  draftFields: COMPANY_DRAFT_FIELDS,
  build: recordOf,
  keysOf: (company) => ({ ...companyKeysOf(company) }),
  // Company numbers differ too much between countries to be checked here.
  draftIssues: () => [],
  countryCodes: (draft) => [
    { path: 'draft.country', code: draft.country },
    ...draft.addresses.map((address, i) => ({
      path: `draft.addresses.${i}.country`,
      code: address.country,
    })),
  ],
  events: {
    created: companyCreated,
    updated: companyUpdated,
    merged: companyMerged,
    unmerged: companyUnmerged,
  },
  eventData: (company) => ({
    companyId: company.id,
    office: company.office,
    version: company.version,
    classification: company.classification,
  }),
  merge: companyMergeKind,
};
