import { Injectable } from '@nestjs/common';
import { type AuditEntry } from '@opencen/contracts';
import { Clock } from '@opencen/nest-kit';

import { linkEntry } from '../domain/chain-entry';
import { signCheckpoint } from '../domain/checkpoint';
import { type NewEntry } from '../domain/entry-sources';
import { AuditChainStore, AuditSearch, AuditSigning } from './ports';

/** Attempts at a position before giving up (other replicas appending at the same moment). */
const MAX_ATTEMPTS = 20;

/**
 * Appends an audit record or a domain event to the chain, once: its source id is claimed at the
 * position it is about to take before the entry is written, so a redelivery after a crash finds
 * either the entry (and only indexes it again) or a claim with nothing behind it (and appends). Two
 * replicas racing for a position: the insert of the position's key decides, the loser moves on.
 */
@Injectable()
export class AppendEntry {
  constructor(
    private readonly chain: AuditChainStore,
    private readonly search: AuditSearch,
    private readonly signing: AuditSigning,
    private readonly clock: Clock,
  ) {}

  async execute(content: NewEntry): Promise<AuditEntry> {
    const appended = (await this.alreadyAppended(content.sourceId)) ?? (await this.append(content));
    await this.search.index(appended);
    return appended;
  }

  private async alreadyAppended(sourceId: string): Promise<AuditEntry | null> {
    const seq = await this.chain.sourceSeq(sourceId);
    if (seq === null) return null;
    const entry = await this.chain.entry(seq);
    return entry?.sourceId === sourceId ? entry : null;
  }

  private async append(content: NewEntry): Promise<AuditEntry> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt += 1) {
      const tail = await this.chain.tail();
      const entry = linkEntry({ seq: tail.seq + 1, ...content }, tail.hash);
      await this.chain.claimSource(content.sourceId, entry.seq);
      if (await this.chain.insertEntry(entry)) {
        await this.chain.advanceHead(entry.seq, entry.hash);
        if (entry.seq % this.signing.checkpointEvery === 0) await this.checkpoint(entry);
        return entry;
      }
    }
    throw new Error(`No free position in the audit chain after ${MAX_ATTEMPTS} attempts`);
  }

  /** Signs a checkpoint at an entry just appended (or at the tail, for the interval job). */
  async checkpoint(at: { seq: number; hash: string }): Promise<void> {
    const previousCheckpointSeq = await this.chain.lastCheckpointSeq();
    if (previousCheckpointSeq >= at.seq) return;
    await this.chain.insertCheckpoint(
      signCheckpoint(
        { seq: at.seq, hash: at.hash, previousCheckpointSeq, at: this.clock.now().toISOString() },
        this.signing.keys,
      ),
    );
  }

  /** The interval job's pass: a checkpoint at the tail when entries came since the last one. */
  async checkpointTail(): Promise<void> {
    const tail = await this.chain.tail();
    if (tail.seq > 0) await this.checkpoint(tail);
  }
}
