import { type AuditEntry } from '@opencen/contracts';
import { FixedClock } from '@opencen/testing';

import { verifyChain } from '../domain/chain-verification';
import { InMemoryAuditStore, TEST_KEYS, consultation } from '../testing/audit.fixtures';
import { AppendEntry } from './append-entry';
import { AuditSearch } from './ports';

class RecordingSearch extends AuditSearch {
  readonly indexed: AuditEntry[] = [];
  async index(entry: AuditEntry) {
    this.indexed.push(entry);
  }
  async recordTrail() {
    return { total: 0, seqs: [] };
  }
  async userActivity() {
    return { total: 0, seqs: [] };
  }
}

function setUp(checkpointEvery = 3) {
  const store = new InMemoryAuditStore();
  const search = new RecordingSearch();
  const clock = new FixedClock(new Date('2026-12-07T09:00:00Z'));
  const append = new AppendEntry(store, search, { keys: TEST_KEYS, checkpointEvery }, clock);
  return { store, search, append };
}

describe('AppendEntry', () => {
  it('links each entry to the one before, and the chain verifies', async () => {
    const { store, append } = setUp();
    for (let n = 1; n <= 7; n += 1) await append.execute(consultation(n));
    expect([...store.entries.keys()]).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(store.entries.get(2)!.previousHash).toBe(store.entries.get(1)!.hash);
    expect(await verifyChain(store, TEST_KEYS, new Date())).toMatchObject({
      valid: true,
      entries: 7,
      checkpoints: 2,
      lastCheckpointSeq: 6,
    });
  });

  it('appends a source once, however often it is delivered, and indexes it again', async () => {
    const { store, search, append } = setUp();
    await append.execute(consultation(1));
    const again = await append.execute(consultation(1));
    expect(store.entries.size).toBe(1);
    expect(again.seq).toBe(1);
    expect(search.indexed.map((entry) => entry.seq)).toEqual([1, 1]);
  });

  it('appends a source whose claim a crash left without its entry', async () => {
    const { store, append } = setUp();
    await store.claimSource('record-2', 1);
    const entry = await append.execute(consultation(2));
    expect(entry).toMatchObject({ seq: 1, sourceId: 'record-2' });
  });

  it('moves on to the next position when another writer took it first', async () => {
    const { store, append } = setUp();
    await append.execute(consultation(1));
    store.raceOnce = true;
    const entry = await append.execute(consultation(2));
    expect(entry.seq).toBe(3);
    expect(entry.previousHash).toBe(store.entries.get(2)!.hash);
    expect(await store.sourceSeq('record-2')).toBe(3);
  });

  it('signs a checkpoint at the tail when entries came since the last one', async () => {
    const { store, append } = setUp(100);
    await append.execute(consultation(1));
    await append.execute(consultation(2));
    await append.checkpointTail();
    await append.checkpointTail();
    expect([...store.checkpoints.keys()]).toEqual([2]);
    expect(store.checkpoints.get(2)).toMatchObject({
      hash: store.entries.get(2)!.hash,
      previousCheckpointSeq: 0,
      at: '2026-12-07T09:00:00.000Z',
    });
  });
});
