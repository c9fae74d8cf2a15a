import { Injectable } from '@nestjs/common';
import { SearchService } from '@opencen/nest-kit';

import { CaseIndex, type CaseIdFilter } from '../usecases/ports';
import { caseIdsWhere } from './case-ids';
import { CASE_SEARCH_INDEX } from './case-search.index';

const DAY_MS = 86_400_000;

/** The filter clauses of the cases index for a case id filter. */
export function caseIdClauses(filter: CaseIdFilter): Record<string, unknown>[] {
  const detectedAt: Record<string, string> = {};
  if (filter.detectedFrom) detectedAt.gte = `${filter.detectedFrom}T00:00:00Z`;
  if (filter.detectedTo) {
    // The whole last day: up to the start of the next.
    detectedAt.lt = new Date(
      new Date(`${filter.detectedTo}T00:00:00Z`).getTime() + DAY_MS,
    ).toISOString();
  }
  return [
    ...(filter.classifications ? [{ terms: { classification: filter.classifications } }] : []),
    ...(filter.statuses ? [{ terms: { status: filter.statuses } }] : []),
    ...(Object.keys(detectedAt).length > 0 ? [{ range: { detectedAt } }] : []),
    ...(filter.offices ? [{ terms: { office: filter.offices } }] : []),
    ...(filter.commodityCategory
      ? [{ term: { commodityCategories: filter.commodityCategory } }]
      : []),
    ...(filter.routeCountry ? [{ term: { routeCountries: filter.routeCountry } }] : []),
    ...(filter.naming
      ? [{ term: { subjectKeys: `${filter.naming.subjectType}:${filter.naming.subjectId}` } }]
      : []),
  ];
}

@Injectable()
export class OpenSearchCaseIndex extends CaseIndex {
  constructor(private readonly search: SearchService) {
    super();
  }

  caughtUp(withinMs: number): Promise<boolean> {
    return this.search.waitUntilIndexed(CASE_SEARCH_INDEX, withinMs);
  }

  ids(
    filter: CaseIdFilter,
    page: { readonly after?: string; readonly limit?: number } = {},
  ): Promise<string[]> {
    return caseIdsWhere(this.search, caseIdClauses(filter), page);
  }
}
