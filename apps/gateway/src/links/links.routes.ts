import {
  CASE_LINKS_MAX_CASES_PER_HOP,
  CASE_LINKS_MAX_DEPTH,
  type CaseLinks,
  getCaseLinks,
  subjectTypeSchema,
} from '@opencen/contracts';
import { z } from 'zod';

import { contractRoute } from '../http/contract-route';

/** `cases.links.get` as a path and a query string carry it: `/links/person/p-1?depth=2`. */
const linksQuery = z.object({
  kind: subjectTypeSchema,
  id: z.string().min(1).max(64),
  depth: z.number().int().min(1).max(CASE_LINKS_MAX_DEPTH).default(CASE_LINKS_MAX_DEPTH),
  casesPerHop: z.number().int().min(1).max(CASE_LINKS_MAX_CASES_PER_HOP).default(25),
});

/** What a read of the links names in the audit trail: every case and subject it answers with. */
const linkRecords = (links: CaseLinks) => [
  ...links.subjects.map(({ subjectType, subjectId }) => ({ kind: subjectType, id: subjectId })),
  ...links.cases.map(({ id }) => ({ kind: 'case' as const, id })),
];

/**
 * The links view: a subject's cases and the other parties and conveyances of those cases, two
 * hops out, from the cases search index, for whoever reads cases (each sees the cases they may
 * read). Audited as a read of every case and subject it returns.
 */
export const linkRoutes = {
  get: contractRoute({
    operationId: 'getCaseLinks',
    method: 'GET',
    path: '/api/v1/links/:kind/:id',
    contract: getCaseLinks,
    clientRequest: {
      schema: linksQuery,
      toContract: ({ kind, id, depth, casesPerHop }: z.output<typeof linksQuery>) => ({
        subject: { subjectType: kind, subjectId: id },
        depth,
        casesPerHop,
      }),
    },
    summary:
      "A person's, company's or conveyance's network: the cases naming it, their other subjects, and (depth 2) those subjects' cases and subjects",
    input: 'query',
    policy: 'caseReaders',
    status: 200,
    audit: { records: (reply) => linkRecords(reply), purpose: 'optional' },
  }),
};
