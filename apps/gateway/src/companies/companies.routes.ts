import {
  type Company,
  companyHistory,
  createCompany,
  getCompany,
  mergeCompanies,
  searchCompanies,
  unmergeCompanies,
  updateCompany,
} from '@opencen/contracts';
import { contractRoute } from '../http/contract-route';

const BASE = '/api/v1/companies';

/** The URL of a company, as in Location. */
const companyLocation = (company: Company) => `${BASE}/${encodeURIComponent(company.id)}`;

/**
 * The routes of companies (legal persons), one per contract, with the record policies of persons: officers,
 * supervisors and investigators record and edit (the service keeps edits to the record's own
 * office), analysts read.
 *
 * As for persons, a create that finds strong candidates (an equal registration, tax, VAT or EORI
 * number, or an equal name, in the same country) records nothing and answers **200** with
 * `{ outcome: "candidates", candidates }`; a recorded company answers **201** with Location and
 * ETag.
 */
export const companyRoutes = {
  create: contractRoute({
    operationId: 'createCompany',
    method: 'POST',
    path: BASE,
    contract: createCompany,
    summary: 'Record a company, unless companies already known look like it',
    input: 'body',
    policy: 'recordWriters',
    status: 201,
    successDescription:
      'Recorded (`outcome: "created"`): the company, and weaker candidates worth a look',
    otherSuccess: {
      status: 200,
      description:
        'Nothing recorded (`outcome: "candidates"`): companies already known look like this one. Send again with `confirmedNew: true` if it is another company.',
      when: (reply) => reply.outcome === 'candidates',
    },
    location: (reply) => (reply.outcome === 'created' ? companyLocation(reply.company) : undefined),
    etag: (reply) => (reply.outcome === 'created' ? reply.company.version : undefined),
  }),
  search: contractRoute({
    operationId: 'searchCompanies',
    method: 'GET',
    path: BASE,
    contract: searchCompanies,
    summary: 'Search companies by name or exactly by a registration, tax, VAT or EORI number',
    input: 'query',
    policy: 'recordReaders',
    status: 200,
  }),
  get: contractRoute({
    operationId: 'getCompany',
    method: 'GET',
    path: `${BASE}/:id`,
    contract: getCompany,
    summary: 'One company by id',
    input: 'query',
    policy: 'recordReaders',
    status: 200,
    etag: (company) => company.version,
  }),
  update: contractRoute({
    operationId: 'updateCompany',
    method: 'PUT',
    path: `${BASE}/:id`,
    contract: updateCompany,
    summary: "Replace a company's details (the body is the draft; the version is If-Match)",
    input: 'body',
    bodyField: 'draft',
    versionField: 'version',
    policy: 'recordWriters',
    status: 200,
    etag: (company) => company.version,
  }),
  history: contractRoute({
    operationId: 'companyHistory',
    method: 'GET',
    path: `${BASE}/:id/history`,
    contract: companyHistory,
    summary: 'Every change of a company: who, when, which version and which fields',
    input: 'query',
    policy: 'recordReaders',
    status: 200,
  }),
  merge: contractRoute({
    operationId: 'mergeCompanies',
    method: 'POST',
    path: `${BASE}/:survivorId/merge`,
    contract: mergeCompanies,
    summary:
      "Merge another record of the same company into this one (the version of this one is If-Match); admin, or a supervisor of both records' office",
    input: 'body',
    versionField: 'survivorVersion',
    policy: 'recordMergers',
    status: 200,
    etag: (company) => company.version,
  }),
  unmerge: contractRoute({
    operationId: 'unmergeCompanies',
    method: 'POST',
    path: `${BASE}/:survivorId/unmerge`,
    contract: unmergeCompanies,
    summary: 'Undo a merge into this company (the version of this one is If-Match)',
    input: 'body',
    versionField: 'survivorVersion',
    policy: 'recordMergers',
    status: 200,
    etag: (reply) => reply.survivor.version,
  }),
};
