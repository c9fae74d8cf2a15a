import { type Model } from 'mongoose';
import { upsertByKey } from './upsert-by-key';

/** A model whose updateOne records its calls and fails the first ones as told. */
function fakeModel(failures: unknown[]) {
  const calls: { filter: unknown; update: unknown; options: unknown }[] = [];
  const model = {
    collection: { collectionName: 'keys' },
    updateOne: (filter: unknown, update: unknown, options?: unknown) => {
      calls.push({ filter, update, options });
      const failure = failures.shift();
      return failure ? Promise.reject(failure) : Promise.resolve({ matchedCount: 1 });
    },
  };
  return { model: model as unknown as Model<{ _id: string }>, calls };
}

describe('upsertByKey', () => {
  const update = { $addToSet: { ids: 'a1' } };

  it('upserts the key document once when nobody raced it', async () => {
    const { model, calls } = fakeModel([]);
    await upsertByKey(model, 'k1', update);
    expect(calls).toEqual([{ filter: { _id: 'k1' }, update, options: { upsert: true } }]);
  });

  it('applies the update again, without upsert, when another writer created it first', async () => {
    const { model, calls } = fakeModel([Object.assign(new Error('E11000'), { code: 11000 })]);
    await upsertByKey(model, 'k1', update);
    expect(calls.map((c) => c.options)).toEqual([{ upsert: true }, undefined]);
  });

  it('passes any other failure on', async () => {
    const { model } = fakeModel([new Error('connection lost')]);
    await expect(upsertByKey(model, 'k1', update)).rejects.toThrow('connection lost');
  });
});
