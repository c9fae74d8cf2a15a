import {
  type AuditEntry,
  type HandlerReplyOf,
  type HandlerRequestOf,
  type auditRecordTrail,
  type auditUserActivity,
} from '@opencen/contracts';

import { type ChainReader } from '../domain/chain-verification';
import { type Checkpoint, type SigningKeys } from '../domain/checkpoint';

/** The chain as the store keeps it: entries, checkpoints and the sources they came from, by key. */
export abstract class AuditChainStore implements ChainReader {
  abstract entry(seq: number): Promise<AuditEntry | null>;
  abstract checkpoint(seq: number): Promise<Checkpoint | null>;
  abstract headSeq(): Promise<number>;
  abstract lastCheckpointSeq(): Promise<number>;
  /** The last entry: from the head, then forward by key past entries a crash left unnoted. */
  abstract tail(): Promise<{ seq: number; hash: string }>;
  /** The position claimed for an audit record or event, if any. */
  abstract sourceSeq(sourceId: string): Promise<number | null>;
  /** Notes the position a source is about to be appended at (before the entry is written). */
  abstract claimSource(sourceId: string, seq: number): Promise<void>;
  /** Inserts an entry at its position; false when another writer took that position first. */
  abstract insertEntry(entry: AuditEntry): Promise<boolean>;
  /** Moves the head forward to `seq` (never back). */
  abstract advanceHead(seq: number, hash: string): Promise<void>;
  /** Stores a checkpoint and makes it the last one (unless a later one is). */
  abstract insertCheckpoint(checkpoint: Checkpoint): Promise<void>;
}

/** The audit index in OpenSearch: what the queries search. */
export abstract class AuditSearch {
  abstract index(entry: AuditEntry): Promise<void>;
  /** The positions of the entries that answer a query, newest first, and their total. */
  abstract recordTrail(
    query: HandlerRequestOf<typeof auditRecordTrail>,
  ): Promise<{ total: number; seqs: number[]; nextCursor?: string }>;
  abstract userActivity(
    query: HandlerRequestOf<typeof auditUserActivity>,
  ): Promise<{ total: number; seqs: number[]; nextCursor?: string }>;
}

export type AuditPage = HandlerReplyOf<typeof auditRecordTrail>;

/** The keys that sign and verify checkpoints, and how often a checkpoint is signed. */
export abstract class AuditSigning {
  abstract readonly keys: SigningKeys;
  /** A checkpoint every this many entries (the interval job signs the rest). */
  abstract readonly checkpointEvery: number;
}
