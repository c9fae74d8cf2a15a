import { Injectable } from '@nestjs/common';
import { type SubjectType } from '@opencen/contracts';
import { SearchService } from '@opencen/nest-kit';

import { COMPANIES_INDEX } from './companies/infrastructure/company-search.index';
import { CONVEYANCES_INDEX } from './conveyances/infrastructure/conveyance-search.index';
import { PEOPLE_INDEX } from './persons/infrastructure/person-search.index';
import { RecordIndexes } from './saved-searches/usecases/ports';

const INDEXES = { person: PEOPLE_INDEX, company: COMPANIES_INDEX, conveyance: CONVEYANCES_INDEX };

/** The search index of each kind of record, caught up with the events (the kit's projections). */
@Injectable()
export class SearchRecordIndexes extends RecordIndexes {
  constructor(private readonly search: SearchService) {
    super();
  }

  caughtUp(recordType: SubjectType, withinMs: number): Promise<boolean> {
    return this.search.waitUntilIndexed(INDEXES[recordType], withinMs);
  }
}
