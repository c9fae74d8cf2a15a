import { caseStatistics, searchCasePhotos, searchCases } from '@opencen/contracts';
import { contractRoute } from '../http/contract-route';

const BASE = '/api/v1/cases';

/**
 * Search and statistics of cases: every filter is one query parameter. The cases service keeps
 * each caller to the cases they may read. `statistics` and `photos` are fixed segments, so they
 * are never read as a case id.
 */
export const caseSearchRoutes = {
  search: contractRoute({
    operationId: 'searchCases',
    method: 'GET',
    path: BASE,
    contract: searchCases,
    summary:
      'Search cases by date, office, status, type, category, HS prefix, route country, methods, party, conveyance and free text (six languages, highlighted), sorted, a page at a time, with the exact total and, with facets=true, the counts by each filter dimension; a change is searchable within 5 s',
    input: 'query',
    policy: 'caseReaders',
    status: 200,
    audit: {
      // The cases found; a party or conveyance searched for is in the criteria (partyId...).
      records: (reply) => reply.items.map(({ id }) => ({ kind: 'case' as const, id })),
      criteria: ({ sort: _sort, order: _order, limit: _limit, cursor: _cursor, ...filter }) =>
        filter,
      purpose: 'optional',
    },
  }),
  statistics: contractRoute({
    operationId: 'caseStatistics',
    method: 'GET',
    path: `${BASE}/statistics`,
    contract: caseStatistics,
    summary:
      'Cases, quantities per unit and values per currency by month, category, office, detection and concealment method and route country, over the search filters',
    input: 'query',
    policy: 'caseReaders',
    status: 200,
  }),
  photos: contractRoute({
    operationId: 'searchCasePhotos',
    method: 'GET',
    path: `${BASE}/photos`,
    contract: searchCasePhotos,
    summary:
      'Photos and X-ray images by kind and caption words, within the cases matching the search filters, a page of cases at a time, with the number of photos that match',
    input: 'query',
    policy: 'caseReaders',
    status: 200,
  }),
};
