import { type SubjectType } from '@opencen/contracts';
import { WITHOUT_OUTBOX, documentWriteLock } from '@opencen/nest-kit';
import { type Connection } from 'mongoose';

import { type DerivedFields, type RecordKinds } from '../domain/record-kind';
import { RekeyStore, type StoredForRekey } from '../usecases/rekey-records';
import { type StoredDocument, fromStored } from './record-store';
import { SUBJECT_COLLECTIONS } from './subject-store';

/** The subjects' collections, read and written directly by the re-key command. */
export class MongoRekeyStore extends RekeyStore {
  constructor(
    private readonly connection: Connection,
    /** Each kind's documents are read through its contract, as its store reads them. */
    private readonly kinds: RecordKinds,
  ) {
    super();
  }

  async page(
    kind: SubjectType,
    after: string | undefined,
    limit: number,
  ): Promise<StoredForRekey[]> {
    // Served by the _id index; history and pending events are not needed to compute keys.
    const documents = await this.connection
      .collection<StoredDocument>(SUBJECT_COLLECTIONS[kind])
      .find(after === undefined ? {} : { _id: { $gt: after } }, {
        projection: { history: 0, ...WITHOUT_OUTBOX },
      })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
    return documents.map((document) => {
      try {
        return {
          id: document._id,
          version: document.version,
          record: fromStored<unknown>(this.kinds[kind], document),
          stored: document,
        };
      } catch {
        return { id: document._id, unreadable: true as const };
      }
    });
  }

  async writeDerived(
    kind: SubjectType,
    id: string,
    version: number,
    derived: DerivedFields,
  ): Promise<boolean> {
    const collection = SUBJECT_COLLECTIONS[kind];
    // Under the document's lock, like every write to a record (see DocumentWriteLock).
    const result = await documentWriteLock.run(collection, id, () =>
      this.connection
        .collection<StoredDocument>(collection)
        .updateOne({ _id: id, version }, { $set: { ...derived } }),
    );
    return result.matchedCount === 1;
  }
}
