import {
  companyHistory,
  createCompany,
  getCompany,
  mergeCompanies,
  searchCompanies,
  unmergeCompanies,
  updateCompany,
} from '@opencen/contracts';

import { recordRequestHandlers } from '../office-records/record-handlers';
import { CompanyRecords } from './usecases/company-records';

/** The `persons.company.*` request subjects, each handed to CompanyRecords. */
export const CompaniesController = recordRequestHandlers('CompaniesController', CompanyRecords, {
  create: createCompany,
  get: getCompany,
  update: updateCompany,
  search: searchCompanies,
  history: companyHistory,
  merge: mergeCompanies,
  unmerge: unmergeCompanies,
});
