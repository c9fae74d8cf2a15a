import { ServiceError } from '../errors/service-error';
import { type IdGenerator, RandomIds } from '../time/clock';
import {
  type IdempotencyKeyCollection,
  type IdempotencyKeyDocument,
  IdempotencyKeys,
  keyDocumentId,
} from './idempotency-keys';

/** The key collection in memory, with MongoDB's answers: duplicate key on insert, matchedCount. */
class MemoryKeys implements IdempotencyKeyCollection {
  readonly documents = new Map<string, IdempotencyKeyDocument>();

  async insertOne(document: IdempotencyKeyDocument): Promise<void> {
    if (this.documents.has(document._id)) {
      throw Object.assign(new Error('E11000 duplicate key'), { code: 11000 });
    }
    this.documents.set(document._id, structuredClone(document));
  }

  async findOne({ _id }: { _id: string }): Promise<IdempotencyKeyDocument | null> {
    const found = this.documents.get(_id);
    return found ? structuredClone(found) : null;
  }

  async updateOne(
    filter: Record<string, unknown>,
    update: { $set: Partial<IdempotencyKeyDocument> },
  ): Promise<{ matchedCount: number }> {
    const found = this.matching(filter)[0];
    if (found) Object.assign(found, structuredClone(update.$set));
    return { matchedCount: found ? 1 : 0 };
  }

  async deleteOne(filter: Record<string, unknown>): Promise<void> {
    const found = this.matching(filter)[0];
    if (found) this.documents.delete(found._id);
  }

  async deleteMany(filter: Record<string, unknown>): Promise<{ deletedCount: number }> {
    const found = this.matching(filter);
    for (const document of found) this.documents.delete(document._id);
    return { deletedCount: found.length };
  }

  private matching(filter: Record<string, unknown>): IdempotencyKeyDocument[] {
    return [...this.documents.values()].filter((document) =>
      Object.entries(filter).every(([field, wanted]) => {
        const value = (document as unknown as Record<string, unknown>)[field];
        // structuredClone's dates come from another realm than jest's: no instanceof.
        if (isDate(wanted)) return isDate(value) && +value === +wanted;
        if (wanted !== null && typeof wanted === 'object' && '$lt' in wanted) {
          return +(value as Date) < +(wanted.$lt as Date);
        }
        return value === wanted;
      }),
    );
  }
}

const isDate = (value: unknown): value is Date =>
  Object.prototype.toString.call(value) === '[object Date]';

/** A stand-in creation: stores a record under an id of the kit, as a use case does. */
class Creation {
  readonly records = new Map<string, { id: string; title: string }>();
  runs = 0;
  private readonly ids: IdGenerator = new RandomIds();

  async create(title: string): Promise<{ id: string; title: string }> {
    this.runs += 1;
    const id = this.ids.next();
    if (this.ids.repeatsEarlierRun()) {
      const stored = this.records.get(id);
      if (stored) return stored;
    }
    if (this.records.has(id)) throw new Error('duplicate id');
    const record = { id, title };
    this.records.set(id, record);
    return record;
  }
}

describe('IdempotencyKeys', () => {
  let now: Date;
  let collection: MemoryKeys;
  let keys: IdempotencyKeys;
  let creation: Creation;
  const request = (key: string, title: string, user = 'officer-1') => ({
    user,
    key,
    subject: 'cases.case.create',
    request: { draft: { title, type: 'seizure' } },
  });

  beforeEach(() => {
    now = new Date('2026-12-07T10:00:00Z');
    collection = new MemoryKeys();
    keys = new IdempotencyKeys(collection, {
      retentionMs: 24 * 3_600_000,
      leaseMs: 30_000,
      now: () => now,
    });
    creation = new Creation();
  });

  it('answers a replay with the first reply, and creates once', async () => {
    const first = await keys.run(request('k-1', 'a'), () => creation.create('a'));
    const again = await keys.run(request('k-1', 'a'), () => creation.create('a'));
    expect(first.replayed).toBe(false);
    expect(again).toEqual({ reply: first.reply, replayed: true });
    expect(creation.runs).toBe(1);
    expect(creation.records.size).toBe(1);
  });

  it('takes the same request whatever the order of its fields', async () => {
    await keys.run(request('k-1', 'a'), () => creation.create('a'));
    const reordered = {
      ...request('k-1', 'a'),
      request: { draft: { type: 'seizure', title: 'a' } },
    };
    expect((await keys.run(reordered, () => creation.create('a'))).replayed).toBe(true);
  });

  it('refuses the key with another request, naming the header', async () => {
    await keys.run(request('k-1', 'a'), () => creation.create('a'));
    const refused = keys.run(request('k-1', 'b'), () => creation.create('b'));
    await expect(refused).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      details: [expect.objectContaining({ path: 'Idempotency-Key' })],
    });
    const otherOperation = { ...request('k-1', 'a'), subject: 'persons.person.create' };
    await expect(keys.run(otherOperation, () => creation.create('a'))).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
    expect(creation.records.size).toBe(1);
  });

  it('keeps the keys of each user apart', async () => {
    const mine = await keys.run(request('k-1', 'a', 'officer-1'), () => creation.create('a'));
    const theirs = await keys.run(request('k-1', 'b', 'officer-2'), () => creation.create('b'));
    expect(theirs.replayed).toBe(false);
    expect(theirs.reply.id).not.toBe(mine.reply.id);
    expect(creation.records.size).toBe(2);
  });

  it('answers 409 to a replay while the first run is alive, then runs it again once its lease passed, with the same ids', async () => {
    // The first run stores its record, then its process dies before it answers.
    let firstId = '';
    const dying = keys.run(request('k-1', 'a'), async () => {
      firstId = (await creation.create('a')).id;
      return new Promise<never>(() => undefined);
    });
    void dying;
    await new Promise((resolve) => setImmediate(resolve));
    expect(creation.records.size).toBe(1);

    await expect(keys.run(request('k-1', 'a'), () => creation.create('a'))).rejects.toMatchObject({
      code: 'CONFLICT',
      details: [expect.objectContaining({ path: 'Idempotency-Key' })],
    });

    now = new Date(now.getTime() + 30_001);
    const replay = await keys.run(request('k-1', 'a'), () => creation.create('a'));
    expect(replay).toEqual({ reply: { id: firstId, title: 'a' }, replayed: false });
    expect(creation.records.size).toBe(1);
    // and from now on the stored reply answers.
    expect((await keys.run(request('k-1', 'a'), () => creation.create('a'))).replayed).toBe(true);
  });

  it('gives a run repeating a dead one the progress that one recorded last, and no other run', async () => {
    const ids = new RandomIds();
    const dying = keys.run(request('k-1', 'a'), async () => {
      expect(ids.progressOfEarlierRun()).toBeUndefined();
      await ids.recordProgress('7');
      await ids.recordProgress('8');
      return new Promise<never>(() => undefined);
    });
    void dying;
    await new Promise((resolve) => setImmediate(resolve));
    expect(collection.documents.get(keyDocumentId('officer-1', 'k-1'))?.progress).toBe('8');
    now = new Date(now.getTime() + 30_001);
    const replay = await keys.run(request('k-1', 'a'), async () => ids.progressOfEarlierRun());
    expect(replay).toEqual({ reply: '8', replayed: false });
    // Outside a keyed request, progress is neither kept nor given.
    await ids.recordProgress('9');
    expect(ids.progressOfEarlierRun()).toBeUndefined();
  });

  it('runs a request that died before storing anything again, and stores it once', async () => {
    const dying = keys.run(request('k-1', 'a'), () => new Promise<never>(() => undefined));
    void dying;
    await new Promise((resolve) => setImmediate(resolve));
    now = new Date(now.getTime() + 60_000);
    const replay = await keys.run(request('k-1', 'a'), () => creation.create('a'));
    expect(replay.replayed).toBe(false);
    expect(creation.records.size).toBe(1);
  });

  it('forgets the key after a failure that changed nothing, keeps it after an unexpected one', async () => {
    await expect(
      keys.run(request('k-1', 'a'), () =>
        Promise.reject(ServiceError.validation('bad', [{ path: 'title', reason: 'empty' }])),
      ),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(collection.documents.size).toBe(0);
    // The corrected request may use the same key.
    expect((await keys.run(request('k-1', 'b'), () => creation.create('b'))).replayed).toBe(false);

    let firstId = '';
    await expect(
      keys.run(request('k-2', 'c'), async () => {
        firstId = (await creation.create('c')).id;
        throw new Error('NATS connection lost');
      }),
    ).rejects.toThrow('NATS connection lost');
    // The outcome is unknown to the client: a replay at once runs it again on the same ids.
    const replay = await keys.run(request('k-2', 'c'), () => creation.create('c'));
    expect(replay.reply.id).toBe(firstId);
    expect(creation.records.size).toBe(2);
  });

  it('refuses a key that is not printable ASCII, naming the header', async () => {
    await expect(
      keys.run(request('with space', 'a'), () => creation.create('a')),
    ).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'Idempotency-Key' })],
    });
    await expect(
      keys.run(request('x'.repeat(256), 'a'), () => creation.create('a')),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('removes keys past their retention, and a key sent again afterwards is new', async () => {
    await keys.run(request('k-1', 'a'), () => creation.create('a'));
    now = new Date(now.getTime() + 23 * 3_600_000);
    await keys.run(request('k-2', 'a'), () => creation.create('a'));
    now = new Date(now.getTime() + 2 * 3_600_000);
    expect(await keys.removeExpired()).toBe(1);
    expect([...collection.documents.keys()]).toEqual([keyDocumentId('officer-1', 'k-2')]);
    expect((await keys.run(request('k-1', 'a'), () => creation.create('a'))).replayed).toBe(false);
  });

  it('stores neither the user nor the key as written', async () => {
    await keys.run(request('k-secret', 'a', 'officer-1'), () => creation.create('a'));
    const stored = JSON.stringify([...collection.documents.values()]);
    expect(stored).not.toContain('k-secret');
    expect(stored).not.toContain('officer-1');
  });
});

describe('RandomIds outside an idempotent run', () => {
  it('gives random ids and repeats no earlier run', () => {
    const ids = new RandomIds();
    expect(ids.next()).not.toBe(ids.next());
    expect(ids.repeatsEarlierRun()).toBe(false);
  });
});
