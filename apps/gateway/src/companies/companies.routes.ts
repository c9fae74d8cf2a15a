import { type ReplyOf, companyRecordContracts, searchCompanies } from '@opencen/contracts';

import { identifying } from '../audit/access-audit';
import { contractRoute } from '../http/contract-route';
import { officeRecordRoutes } from '../office-records/office-record.routes';

const BASE = '/api/v1/companies';

/**
 * The routes of companies (legal persons), those every kind of record has (office-record.routes.ts)
 * and their search. A create finds strong candidates in an equal registration, tax, VAT or EORI
 * number, or an equal name, in the same country.
 */
export const companyRoutes = officeRecordRoutes({
  base: BASE,
  what: 'company',
  noun: 'company',
  kind: 'company',
  operationIds: {
    create: 'createCompany',
    get: 'getCompany',
    update: 'updateCompany',
    history: 'companyHistory',
    merge: 'mergeCompanies',
    unmerge: 'unmergeCompanies',
  },
  contracts: companyRecordContracts,
  create: {
    summary: 'Record a company, unless companies already known look like it',
    created: 'Recorded (`outcome: "created"`): the company, and weaker candidates worth a look',
    candidates:
      'Nothing recorded (`outcome: "candidates"`): companies already known look like this one. Send again with `confirmedNew: true` if it is another company.',
  },
  search: contractRoute({
    operationId: 'searchCompanies',
    method: 'GET',
    path: BASE,
    contract: searchCompanies,
    summary: 'Search companies by name or exactly by a registration, tax, VAT or EORI number',
    input: 'query',
    policy: 'recordReaders',
    status: 200,
    audit: {
      records: (reply: ReplyOf<typeof searchCompanies>) =>
        reply.items.map(({ id }) => ({ kind: 'company' as const, id })),
      // A registration or tax number can name a sole trader: hashed like a document number.
      criteria: ({ name, number }) => ({ name, number: identifying(number) }),
      purpose: 'required',
    },
  }),
});
