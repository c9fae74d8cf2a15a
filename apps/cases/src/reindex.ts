// `npm run reindex -w @opencen/cases [-- --index cases] [--batch-size 500]`: rebuilds the cases
// index from the store into its next version and swaps the alias, with progress; resumable.
import { runReindexCommand } from '@opencen/nest-kit';

import { CASES_COLLECTION, type CaseDocument } from './cases/infrastructure/case.schema';
import { casesEnvSchema } from './config/env';
import { PHOTOS_COLLECTION, type PhotoDocument } from './photos/infrastructure/photo.schema';
import { CASE_SEARCH_INDEX } from './search/infrastructure/case-search.index';
import { caseWithPhotos } from './search/infrastructure/case-search.projection';

runReindexCommand('cases', casesEnvSchema, [
  {
    index: CASE_SEARCH_INDEX,
    collection: CASES_COLLECTION,
    documentOf: (stored, connection) =>
      caseWithPhotos(stored as CaseDocument, (id) =>
        connection.collection<PhotoDocument>(PHOTOS_COLLECTION).findOne({ _id: id }),
      ),
  },
]);
