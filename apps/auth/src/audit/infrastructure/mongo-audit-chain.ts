import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { type AuditEntry } from '@opencen/contracts';
import { isDuplicateKeyError } from '@opencen/nest-kit';
import { type Connection, type mongo } from 'mongoose';

import { GENESIS_HASH } from '../domain/chain-entry';
import { type Checkpoint } from '../domain/checkpoint';
import { AuditChainStore } from '../usecases/ports';

/**
 * The chain's collections. Entries are written with the driver, not a mongoose model: what is
 * stored must be byte for byte what was hashed, without casting, defaults or stripped fields.
 */
export const AUDIT_ENTRIES_COLLECTION = 'audit_entries';
export const AUDIT_CHECKPOINTS_COLLECTION = 'audit_checkpoints';
/** Audit record or event id → the position it was appended at (idempotent appends). */
export const AUDIT_SOURCES_COLLECTION = 'audit_sources';
/** Two documents: the last entry appended and the last checkpoint. */
export const AUDIT_HEADS_COLLECTION = 'audit_heads';

/** An entry's key: its position, zero-padded so that keys sort in chain order. */
export function entryKey(seq: number): string {
  return String(seq).padStart(12, '0');
}

type Stored<T> = T & { _id: string };

const ENTRIES_HEAD = 'entries';
const CHECKPOINTS_HEAD = 'checkpoints';

interface Head {
  _id: string;
  seq: number;
  hash?: string;
}

/** The chain in the service's MongoDB database, every read and write by key. */
@Injectable()
export class MongoAuditChain extends AuditChainStore {
  private readonly entries: mongo.Collection<Stored<AuditEntry>>;
  private readonly checkpoints: mongo.Collection<Stored<Checkpoint>>;
  private readonly sources: mongo.Collection<{ _id: string; seq: number }>;
  private readonly heads: mongo.Collection<Head>;

  constructor(@InjectConnection() connection: Connection) {
    super();
    this.entries = connection.collection(AUDIT_ENTRIES_COLLECTION);
    this.checkpoints = connection.collection(AUDIT_CHECKPOINTS_COLLECTION);
    this.sources = connection.collection(AUDIT_SOURCES_COLLECTION);
    this.heads = connection.collection(AUDIT_HEADS_COLLECTION);
  }

  async entry(seq: number): Promise<AuditEntry | null> {
    const stored = await this.entries.findOne({ _id: entryKey(seq) });
    return stored ? withoutKey(stored) : null;
  }

  async checkpoint(seq: number): Promise<Checkpoint | null> {
    const stored = await this.checkpoints.findOne({ _id: entryKey(seq) });
    return stored ? withoutKey(stored) : null;
  }

  async headSeq(): Promise<number> {
    return (await this.heads.findOne({ _id: ENTRIES_HEAD }))?.seq ?? 0;
  }

  async lastCheckpointSeq(): Promise<number> {
    return (await this.heads.findOne({ _id: CHECKPOINTS_HEAD }))?.seq ?? 0;
  }

  async tail(): Promise<{ seq: number; hash: string }> {
    const head = await this.heads.findOne({ _id: ENTRIES_HEAD });
    let tail = { seq: head?.seq ?? 0, hash: head?.hash ?? GENESIS_HASH };
    // Entries appended after the head was last moved (a crash between the two writes, or another
    // replica's head update lost): walk forward by key.
    for (;;) {
      const next = await this.entries.findOne(
        { _id: entryKey(tail.seq + 1) },
        { projection: { hash: 1 } },
      );
      if (!next) return tail;
      tail = { seq: tail.seq + 1, hash: next.hash };
    }
  }

  async sourceSeq(sourceId: string): Promise<number | null> {
    return (await this.sources.findOne({ _id: sourceId }))?.seq ?? null;
  }

  async claimSource(sourceId: string, seq: number): Promise<void> {
    await this.sources.updateOne({ _id: sourceId }, { $set: { seq } }, { upsert: true });
  }

  async insertEntry(entry: AuditEntry): Promise<boolean> {
    try {
      await this.entries.insertOne({ _id: entryKey(entry.seq), ...entry });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async advanceHead(seq: number, hash: string): Promise<void> {
    await this.moveHead(ENTRIES_HEAD, seq, { hash });
  }

  async insertCheckpoint(checkpoint: Checkpoint): Promise<void> {
    try {
      await this.checkpoints.insertOne({ _id: entryKey(checkpoint.seq), ...checkpoint });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      return; // another replica signed this position
    }
    await this.moveHead(CHECKPOINTS_HEAD, checkpoint.seq, {});
  }

  /** Moves a head forward; a head already further on stays (the filter then matches nothing). */
  private async moveHead(id: string, seq: number, extra: Partial<Head>): Promise<void> {
    try {
      await this.heads.updateOne(
        { _id: id, seq: { $lt: seq } },
        { $set: { seq, ...extra } },
        { upsert: true },
      );
    } catch (error) {
      // The head exists and is at seq or beyond: the upsert tried to insert its key again.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }
}

function withoutKey<T>(stored: Stored<T>): T {
  const { _id: _key, ...rest } = stored;
  return rest as T;
}
