// `npm run reindex -w @opencen/cases [-- --index cases] [--batch-size 500]`: rebuilds the cases
// index from the store into its next version and swaps the alias, with progress; resumable.
import { runReindexCommand } from '@opencen/nest-kit';

import { CASES_COLLECTION } from './cases/infrastructure/case.schema';
import { caseOfDocument, photoIdsOf } from './cases/infrastructure/case.repository';
import { type CaseHistoryEntry } from './cases/usecases/ports';
import { casesEnvSchema } from './config/env';
import { PHOTOS_COLLECTION, type PhotoDocument } from './photos/infrastructure/photo.schema';
import { CASE_SEARCH_INDEX } from './search/infrastructure/case-search.index';
import { caseWithPhotos } from './search/infrastructure/case-search.projection';

// Outside the application: the stored documents are read as the cases and photos stores read them.
runReindexCommand('cases', casesEnvSchema, [
  {
    index: CASE_SEARCH_INDEX,
    collection: CASES_COLLECTION,
    documentOf: (stored, connection) =>
      caseWithPhotos(
        caseOfDocument(stored),
        photoIdsOf((stored.history as CaseHistoryEntry[] | undefined) ?? []),
        async (id) => {
          const photo = await connection
            .collection<PhotoDocument>(PHOTOS_COLLECTION)
            .findOne({ _id: id }, { projection: { kind: 1, caption: 1, status: 1 } });
          return photo && { ...photo, id: photo._id };
        },
      ),
  },
]);
