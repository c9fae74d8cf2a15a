import { type Model, type UpdateQuery } from 'mongoose';
import { isDuplicateKeyError } from '../errors/service-error';
import { documentWriteLock } from './document-write-lock';

/**
 * Applies `update` to the key document `_id`, creating it if it is not there: for key documents
 * that many writers touch (a scope's counter, the ids under a natural key). The lock keeps two
 * writes of this process from losing one another (FerretDB applies operators as
 * read-modify-write); an upsert that another replica won is applied again to the document it
 * created.
 */
export async function upsertByKey<T>(
  model: Model<T>,
  id: string,
  update: UpdateQuery<T>,
): Promise<void> {
  await documentWriteLock.run(model.collection.collectionName, id, async () => {
    try {
      await model.updateOne({ _id: id } as never, update, { upsert: true });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      await model.updateOne({ _id: id } as never, update);
    }
  });
}
