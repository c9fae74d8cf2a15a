import { type Case } from '@opencen/contracts';

import { dimensionsOf } from '../../cases/domain/dimensions';
import { type InMemoryCases } from '../../cases/testing/case-ports.fakes';
import { CaseIndex, type CaseIdFilter } from '../usecases/ports';

function matches(kase: Case, filter: CaseIdFilter): boolean {
  const dimensions = dimensionsOf(kase);
  const day = kase.detectedAt ? new Date(kase.detectedAt).toISOString().slice(0, 10) : undefined;
  return (
    (!filter.classifications || filter.classifications.includes(kase.classification)) &&
    (!filter.statuses || filter.statuses.includes(kase.status)) &&
    (!filter.offices || filter.offices.includes(kase.office)) &&
    (!filter.detectedFrom || (day !== undefined && day >= filter.detectedFrom)) &&
    (!filter.detectedTo || (day !== undefined && day <= filter.detectedTo)) &&
    (!filter.commodityCategory ||
      dimensions.commodityCategories.includes(filter.commodityCategory)) &&
    (!filter.routeCountry || dimensions.routeCountries.includes(filter.routeCountry)) &&
    (!filter.naming ||
      dimensions.subjectKeys.includes(`${filter.naming.subjectType}:${filter.naming.subjectId}`))
  );
}

/** The cases index over cases kept in memory: it holds them all, unless told it is `behind`. */
export class InMemoryCaseIndex extends CaseIndex {
  behind = false;

  constructor(private readonly cases: InMemoryCases) {
    super();
  }

  async caughtUp(): Promise<boolean> {
    return !this.behind;
  }

  async ids(
    filter: CaseIdFilter,
    page: { readonly after?: string; readonly limit?: number } = {},
  ): Promise<string[]> {
    const ids = [...this.cases.stored.values()]
      .map((entry) => entry.kase)
      .filter((kase) => matches(kase, filter))
      .map((kase) => kase.id)
      .filter((id) => page.after === undefined || id > page.after)
      .sort();
    return ids.slice(0, page.limit ?? ids.length);
  }
}
