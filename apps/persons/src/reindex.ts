// The reindex command: rebuilds the persons service's search indexes from its store (the kit's
// runReindexCommand). `npm run reindex -w @opencen/persons -- [--index <alias>]
// [--batch-size <n>]`, with the service's MONGO_URL, MONGO_DB, OPENSEARCH_URL and
// OPENSEARCH_INDEX_PREFIX; an interrupted run resumes when run again.
import { type ReindexSource, runReindexCommand } from '@opencen/nest-kit';

import { ALERTS_REINDEX } from './alerts/infrastructure/alert-search.index';
import { COMPANIES_INDEXING } from './companies/infrastructure/company-search.index';
import { personsEnvSchema } from './config/env';
import { CONVEYANCES_INDEXING } from './conveyances/infrastructure/conveyance-search.index';
import { PEOPLE_INDEXING } from './persons/infrastructure/person-search.index';

/** Every index of the service and the collection it is rebuilt from. */
export const PERSONS_REINDEX_SOURCES: readonly ReindexSource[] = [
  PEOPLE_INDEXING.reindex,
  COMPANIES_INDEXING.reindex,
  CONVEYANCES_INDEXING.reindex,
  ALERTS_REINDEX,
];

if (require.main === module) {
  runReindexCommand('persons', personsEnvSchema, PERSONS_REINDEX_SOURCES);
}
