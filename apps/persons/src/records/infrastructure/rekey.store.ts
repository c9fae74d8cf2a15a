import {
  type SubjectType,
  companySchema as companyContract,
  conveyanceSchema as conveyanceContract,
} from '@opencen/contracts';
import { WITHOUT_OUTBOX, documentWriteLock } from '@opencen/nest-kit';
import { type Connection } from 'mongoose';

import { fromStored } from '../../companies/infrastructure/stored-record';
import { toPerson } from '../../subjects/infrastructure/person.mapper';
import { SUBJECT_COLLECTIONS } from '../subject-store';
import { type DerivedFields, RekeyStore, type StoredForRekey } from '../usecases/rekey-records';

type StoredDocument = { _id: string; version: number } & Record<string, unknown>;

/** Reads each kind's documents as its repository does. */
const READ: Readonly<Record<SubjectType, (document: StoredDocument) => unknown>> = {
  person: (document) => toPerson(document as never),
  company: (document) => fromStored(companyContract, 'company', document),
  conveyance: (document) => fromStored(conveyanceContract, 'conveyance', document),
};

/** The subjects' collections, read and written directly by the re-key command. */
export class MongoRekeyStore extends RekeyStore {
  constructor(private readonly connection: Connection) {
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
          record: READ[kind](document),
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
