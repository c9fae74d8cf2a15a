import { type AuditEntry } from '@opencen/contracts';

import { InMemoryChain, TEST_KEYS } from '../testing/audit.fixtures';
import { linkEntry } from './chain-entry';
import { verifyChain } from './chain-verification';
import { rawPublicKeyHex, signCheckpoint, signingKeys } from './checkpoint';

const now = new Date('2026-12-07T10:00:00Z');
const verify = (chain: InMemoryChain) => verifyChain(chain, TEST_KEYS, now);

/** The chain's entries from `from` on, each moved `by` positions (an intruder re-keying them). */
function shift(chain: InMemoryChain, from: number, by: number): void {
  const moved = [...chain.entries.entries()]
    .filter(([seq]) => seq >= from)
    .sort(([a], [b]) => b - a);
  for (const [seq, entry] of moved) {
    chain.entries.delete(seq);
    chain.entries.set(seq + by, entry);
  }
}

describe('verifyChain', () => {
  it('holds for an untouched chain, with every checkpoint counted', async () => {
    const report = await verify(InMemoryChain.of(25, 10));
    expect(report).toEqual({
      valid: true,
      from: 1,
      to: 25,
      entries: 25,
      checkpoints: 2,
      lastCheckpointSeq: 20,
      verifiedAt: now.toISOString(),
    });
  });

  it('holds for an empty chain', async () => {
    expect(await verify(new InMemoryChain())).toMatchObject({ valid: true, entries: 0 });
  });

  it('finds a changed entry at its position', async () => {
    const chain = InMemoryChain.of(25, 10);
    const entry = chain.entries.get(7)!;
    chain.entries.set(7, { ...entry, purpose: 'nothing to see' });
    expect((await verify(chain)).problem).toMatchObject({ kind: 'modified', seq: 7 });
  });

  it('finds a removed entry at its position', async () => {
    const chain = InMemoryChain.of(25, 10);
    chain.entries.delete(12);
    const report = await verify(chain);
    expect(report).toMatchObject({ valid: false, entries: 11 });
    expect(report.problem).toMatchObject({ kind: 'removed', seq: 12 });
  });

  it('finds a removal hidden by moving the later entries back', async () => {
    const chain = InMemoryChain.of(25, 10);
    chain.entries.delete(12);
    shift(chain, 13, -1);
    expect((await verify(chain)).problem).toMatchObject({ kind: 'removed', seq: 12 });
  });

  it('finds the last entries cut off below the head', async () => {
    const chain = InMemoryChain.of(25, 10);
    chain.entries.delete(25);
    chain.entries.delete(24);
    expect((await verify(chain)).problem).toMatchObject({ kind: 'removed', seq: 24 });
  });

  it('finds an inserted entry that links to its predecessor', async () => {
    const chain = InMemoryChain.of(25, 10);
    shift(chain, 5, 1);
    const forged = linkEntry(
      { ...chain.entries.get(6)!, seq: 5, sourceId: 'forged', purpose: 'forged' },
      chain.entries.get(4)!.hash,
    );
    chain.entries.set(5, forged);
    expect((await verify(chain)).problem).toMatchObject({ kind: 'inserted', seq: 5 });
  });

  it('finds an inserted entry with a made-up hash', async () => {
    const chain = InMemoryChain.of(25, 10);
    shift(chain, 5, 1);
    chain.entries.set(5, { ...chain.entries.get(6)!, hash: 'f'.repeat(64), sourceId: 'forged' });
    expect((await verify(chain)).problem).toMatchObject({ kind: 'inserted', seq: 5 });
  });

  it('finds two entries that swapped places', async () => {
    const chain = InMemoryChain.of(25, 10);
    const [eight, nine] = [chain.entries.get(8)!, chain.entries.get(9)!];
    chain.entries.set(8, nine);
    chain.entries.set(9, eight);
    expect((await verify(chain)).problem).toMatchObject({ kind: 'reordered', seq: 8 });
  });

  it('finds a rewritten entry whose successor no longer follows it', async () => {
    const chain = InMemoryChain.of(25, 10);
    const entry = chain.entries.get(14)!;
    const { hash: _hash, previousHash, ...content } = entry;
    chain.entries.set(14, linkEntry({ ...content, purpose: 'rewritten' }, previousHash));
    expect((await verify(chain)).problem).toMatchObject({ kind: 'modified', seq: 14 });
  });

  it('finds a chain recomputed after a change through the signed checkpoint', async () => {
    const chain = InMemoryChain.of(25, 10);
    let previous = chain.entries.get(2)!.hash;
    for (let seq = 3; seq <= 25; seq += 1) {
      const { hash: _hash, previousHash: _previous, ...content } = chain.entries.get(seq)!;
      const entry: AuditEntry = linkEntry(
        seq === 3 ? { ...content, purpose: 'rewritten' } : content,
        previous,
      );
      chain.entries.set(seq, entry);
      previous = entry.hash;
    }
    const report = await verify(chain);
    expect(report.problem).toMatchObject({ kind: 'checkpoint-mismatch', seq: 10 });
    expect(report.entries).toBe(9);
  });

  it('refuses a checkpoint signed with another key', async () => {
    const chain = InMemoryChain.of(25, 10);
    const genuine = chain.checkpoints.get(20)!;
    const { keyId: _k, signature: _s, ...unsigned } = genuine;
    const forged = signCheckpoint(unsigned, signingKeys('22'.repeat(32)));
    chain.checkpoints.set(20, forged);
    expect((await verify(chain)).problem).toMatchObject({ kind: 'checkpoint-signature', seq: 20 });
  });

  it('refuses a checkpoint whose statement was changed after signing', async () => {
    const chain = InMemoryChain.of(25, 10);
    const genuine = chain.checkpoints.get(10)!;
    chain.checkpoints.set(10, { ...genuine, hash: chain.entries.get(10)!.hash.replace(/^./, '0') });
    expect((await verify(chain)).problem).toMatchObject({ kind: 'checkpoint-signature', seq: 10 });
  });

  it('verifies checkpoints of an earlier key that is still configured', async () => {
    const earlier = signingKeys('33'.repeat(32));
    const chain = InMemoryChain.of(10, 5, earlier);
    const current = signingKeys('11'.repeat(32), [
      rawPublicKeyHex(earlier.publicKeys.get(earlier.keyId)!),
    ]);
    expect(await verifyChain(chain, current, now)).toMatchObject({ valid: true, checkpoints: 2 });
    expect((await verify(chain)).problem).toMatchObject({ kind: 'checkpoint-signature' });
  });

  describe('a range', () => {
    const range = (chain: InMemoryChain, from: number, limit: number) =>
      verifyChain(chain, TEST_KEYS, now, { from, limit });

    it('covers the whole chain range after range, each saying where the next starts', async () => {
      const chain = InMemoryChain.of(25, 10);
      expect(await range(chain, 1, 10)).toMatchObject({
        valid: true,
        from: 1,
        to: 10,
        entries: 10,
        checkpoints: 1,
        lastCheckpointSeq: 10,
        nextFrom: 11,
      });
      expect(await range(chain, 11, 10)).toMatchObject({ valid: true, to: 20, nextFrom: 21 });
      const lastRange = await range(chain, 21, 10);
      expect(lastRange).toMatchObject({ valid: true, from: 21, to: 25, entries: 5 });
      expect(lastRange.nextFrom).toBeUndefined();
    });

    it('finds what changed inside it, not before it', async () => {
      const chain = InMemoryChain.of(25, 10);
      chain.entries.set(7, { ...chain.entries.get(7)!, purpose: 'nothing to see' });
      expect(await range(chain, 11, 10)).toMatchObject({ valid: true, entries: 10 });
      expect((await range(chain, 1, 10)).problem).toMatchObject({ kind: 'modified', seq: 7 });
    });

    it('finds the entry before it removed, and a rewrite of its first entry', async () => {
      const chain = InMemoryChain.of(25, 10);
      const eleven = chain.entries.get(11)!;
      chain.entries.set(11, { ...eleven, previousHash: 'f'.repeat(64) });
      expect((await range(chain, 11, 10)).problem).toMatchObject({ kind: 'modified' });
      chain.entries.delete(10);
      expect((await range(chain, 11, 10)).problem).toMatchObject({ kind: 'removed', seq: 10 });
    });

    it('finds a removed checkpoint through the next one, which names it', async () => {
      const chain = InMemoryChain.of(25, 10);
      chain.checkpoints.delete(10);
      expect((await range(chain, 11, 10)).problem).toMatchObject({
        kind: 'checkpoint-mismatch',
        seq: 10,
      });
      expect((await verify(chain)).problem).toMatchObject({ kind: 'checkpoint-mismatch', seq: 10 });
    });

    it('is empty and valid past the end of the chain', async () => {
      const report = await range(InMemoryChain.of(25, 10), 40, 10);
      expect(report).toMatchObject({ valid: true, from: 40, to: 39, entries: 0 });
      expect(report.nextFrom).toBeUndefined();
    });
  });
});
