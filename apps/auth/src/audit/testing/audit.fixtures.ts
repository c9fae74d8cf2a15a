import { type AuditEntry } from '@opencen/contracts';

import { type NewEntry } from '../domain/entry-sources';
import { GENESIS_HASH, linkEntry } from '../domain/chain-entry';
import { type ChainReader } from '../domain/chain-verification';
import {
  type Checkpoint,
  type SigningKeys,
  signCheckpoint,
  signingKeys,
} from '../domain/checkpoint';

/** A signing key for tests (never configured anywhere). */
export const TEST_KEYS: SigningKeys = signingKeys('11'.repeat(32));

/** What one consultation records; `n` makes it distinct. */
export function consultation(n: number): NewEntry {
  return {
    at: new Date(Date.UTC(2026, 11, 1, 8, 0, n)).toISOString(),
    action: 'consultation',
    operation: 'getPerson',
    actor: {
      sub: `user-${n % 3}`,
      username: `officer${n % 3}`,
      office: 'FRA-CDG',
      roles: ['officer'],
    },
    records: [{ kind: 'person', id: `person-${n}` }],
    purpose: 'case FR-2026-000123',
    client: { clientId: 'opencen-web', address: '10.0.0.7' },
    status: 200,
    correlationId: `corr-${n}`,
    sourceId: `record-${n}`,
  };
}

/** A chain held in memory, with what a store would allow an intruder to do to it. */
export class InMemoryChain implements ChainReader {
  readonly entries = new Map<number, AuditEntry>();
  readonly checkpoints = new Map<number, Checkpoint>();
  head = 0;
  lastCheckpoint = 0;

  /** Appends `count` consultations, with a signed checkpoint every `every` entries. */
  static of(count: number, every: number, keys: SigningKeys = TEST_KEYS): InMemoryChain {
    const chain = new InMemoryChain();
    let previous = GENESIS_HASH;
    for (let seq = 1; seq <= count; seq += 1) {
      const entry = linkEntry({ seq, ...consultation(seq) }, previous);
      chain.entries.set(seq, entry);
      chain.head = seq;
      previous = entry.hash;
      if (seq % every === 0) {
        chain.checkpoints.set(
          seq,
          signCheckpoint(
            { seq, hash: entry.hash, previousCheckpointSeq: chain.lastCheckpoint, at: entry.at },
            keys,
          ),
        );
        chain.lastCheckpoint = seq;
      }
    }
    return chain;
  }

  entry(seq: number) {
    return Promise.resolve(this.entries.get(seq) ?? null);
  }
  checkpoint(seq: number) {
    return Promise.resolve(this.checkpoints.get(seq) ?? null);
  }
  headSeq() {
    return Promise.resolve(this.head);
  }
  lastCheckpointSeq() {
    return Promise.resolve(this.lastCheckpoint);
  }
}

/** The chain store in memory, for use-case specs; `raceOnce` makes the next insert lose a race. */
export class InMemoryAuditStore extends InMemoryChain {
  readonly sources = new Map<string, number>();
  raceOnce = false;

  async tail() {
    let seq = this.head;
    while (this.entries.has(seq + 1)) seq += 1;
    return { seq, hash: this.entries.get(seq)?.hash ?? GENESIS_HASH };
  }
  async sourceSeq(sourceId: string) {
    return this.sources.get(sourceId) ?? null;
  }
  async claimSource(sourceId: string, seq: number) {
    this.sources.set(sourceId, seq);
  }
  async insertEntry(entry: AuditEntry) {
    if (this.raceOnce) {
      this.raceOnce = false;
      // Another replica appended at this position first.
      const other = linkEntry(
        { ...consultation(900 + entry.seq), seq: entry.seq },
        entry.previousHash,
      );
      this.entries.set(entry.seq, other);
      return false;
    }
    if (this.entries.has(entry.seq)) return false;
    this.entries.set(entry.seq, entry);
    return true;
  }
  async advanceHead(seq: number) {
    this.head = Math.max(this.head, seq);
  }
  async insertCheckpoint(checkpoint: Checkpoint) {
    if (this.checkpoints.has(checkpoint.seq)) return;
    this.checkpoints.set(checkpoint.seq, checkpoint);
    this.lastCheckpoint = Math.max(this.lastCheckpoint, checkpoint.seq);
  }
}
