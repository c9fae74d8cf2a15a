import { type AuditEntry, type AuditVerification } from '@opencen/contracts';

import { GENESIS_HASH, hashHolds } from './chain-entry';
import { type Checkpoint, type SigningKeys, signatureHolds } from './checkpoint';

/** How the verification reads the chain: every entry and checkpoint by its position. */
export interface ChainReader {
  entry(seq: number): Promise<AuditEntry | null>;
  checkpoint(seq: number): Promise<Checkpoint | null>;
  /** The position the store says was appended last (entries after it are verified too). */
  headSeq(): Promise<number>;
  /** The position of the last checkpoint. */
  lastCheckpointSeq(): Promise<number>;
}

type Problem = NonNullable<AuditVerification['problem']>;

/** Entries read ahead at once: the store answers each by key. */
const READ_AHEAD = 64;

/**
 * Recomputes the chain from its first entry and checks every signed checkpoint, and reports the
 * first position that does not hold:
 * - `modified`: an entry's content no longer gives its hash, or an entry was rewritten with a new
 *   hash so that the next one no longer follows it;
 * - `removed`: a position is empty, or holds a later entry (the ones between were taken out);
 * - `inserted`: an entry that the original chain does not have sits before the entry it displaced;
 * - `reordered`: two entries swapped places;
 * - `checkpoint-mismatch`: the chain was recomputed after a change, so a signed checkpoint names
 *   another hash for its entry, or a checkpoint is missing;
 * - `checkpoint-signature`: a checkpoint's signature is not one of the configured keys'.
 */
export async function verifyChain(
  reader: ChainReader,
  keys: SigningKeys,
  now: Date,
  progress?: (verified: number) => void,
): Promise<AuditVerification> {
  const { checkpoints, problem: checkpointProblem } = await readCheckpoints(reader, keys);
  const lastCheckpointSeq = await reader.lastCheckpointSeq();
  const end = Math.max(await reader.headSeq(), lastCheckpointSeq);
  const window = new ReadAhead(reader);
  let previousHash = GENESIS_HASH;
  let verified = 0;
  let problem: Problem | undefined;
  try {
    for (let seq = 1; ; seq += 1) {
      if (checkpointProblem && checkpointProblem.seq <= seq) break;
      const entry = await window.entry(seq);
      if (!entry) {
        if (seq <= end) problem = { kind: 'removed', seq, detail: `entry ${seq} is missing` };
        break;
      }
      problem = await entryProblem(entry, seq, previousHash, window);
      if (!problem) {
        const signed = checkpoints.get(seq);
        if (signed !== undefined && signed !== entry.hash) {
          problem = {
            kind: 'checkpoint-mismatch',
            seq,
            detail: `the checkpoint signed at entry ${seq} names another hash: the entries up to it were rewritten`,
          };
        }
      }
      if (problem) break;
      previousHash = entry.hash;
      verified = seq;
      if (verified % 1000 === 0) progress?.(verified);
    }
  } finally {
    // Reads still ahead must end before the caller may close the store.
    await window.settle();
  }
  problem ??= checkpointProblem;
  return {
    valid: problem === undefined,
    entries: verified,
    checkpoints: checkpoints.size,
    lastCheckpointSeq: Math.max(0, ...[...checkpoints.keys()].filter((seq) => seq <= verified)),
    ...(problem ? { problem } : {}),
    verifiedAt: now.toISOString(),
  };
}

async function entryProblem(
  entry: AuditEntry,
  seq: number,
  previousHash: string,
  window: ReadAhead,
): Promise<Problem | undefined> {
  if (entry.seq > seq) {
    const next = await window.entry(seq + 1);
    return next?.seq === seq
      ? { kind: 'reordered', seq, detail: `entries ${seq} and ${seq + 1} swapped places` }
      : {
          kind: 'removed',
          seq,
          detail: `position ${seq} holds entry ${entry.seq}: entries ${seq} to ${entry.seq - 1} were taken out`,
        };
  }
  if (entry.seq < seq) {
    return {
      kind: 'inserted',
      seq: entry.seq,
      detail: `position ${seq} holds entry ${entry.seq}: ${seq - entry.seq} entries were inserted at ${entry.seq}`,
    };
  }
  const displaced = async () => (await window.entry(seq + 1))?.seq === seq;
  if (!hashHolds(entry)) {
    return (await displaced())
      ? { kind: 'inserted', seq, detail: `entry ${seq} was inserted before the original one` }
      : { kind: 'modified', seq, detail: `entry ${seq} does not give its hash: it was changed` };
  }
  if (entry.previousHash !== previousHash) {
    if (await displaced()) {
      return { kind: 'inserted', seq, detail: `entry ${seq} was inserted before the original one` };
    }
    return {
      kind: 'modified',
      seq: seq - 1,
      detail: `entry ${seq} does not follow entry ${seq - 1}: that one was rewritten`,
    };
  }
  return undefined;
}

/** Walks the checkpoints back from the last; the first problem is the one at the lowest position. */
async function readCheckpoints(
  reader: ChainReader,
  keys: SigningKeys,
): Promise<{ checkpoints: Map<number, string>; problem?: Problem }> {
  const checkpoints = new Map<number, string>();
  let problem: Problem | undefined;
  for (let seq = await reader.lastCheckpointSeq(); seq > 0;) {
    const checkpoint = await reader.checkpoint(seq);
    if (!checkpoint || checkpoint.seq !== seq) {
      problem = {
        kind: 'checkpoint-mismatch',
        seq,
        detail: `the checkpoint at entry ${seq} is missing`,
      };
      break;
    }
    if (!signatureHolds(checkpoint, keys)) {
      problem = {
        kind: 'checkpoint-signature',
        seq,
        detail: `the checkpoint at entry ${seq} is not signed by a configured key (key ${checkpoint.keyId})`,
      };
    } else {
      checkpoints.set(seq, checkpoint.hash);
    }
    seq = checkpoint.previousCheckpointSeq;
  }
  return problem ? { checkpoints, problem } : { checkpoints };
}

/** Reads entries by key a window ahead of the verification, so round trips overlap. */
class ReadAhead {
  private readonly pending = new Map<number, Promise<AuditEntry | null>>();

  constructor(private readonly reader: ChainReader) {}

  entry(seq: number): Promise<AuditEntry | null> {
    for (let ahead = seq; ahead < seq + READ_AHEAD; ahead += 1) {
      if (this.pending.has(ahead)) continue;
      const read = this.reader.entry(ahead);
      // A read past the end may fail once the walk stopped; it is awaited only if it is reached.
      read.catch(() => undefined);
      this.pending.set(ahead, read);
    }
    for (const key of this.pending.keys()) if (key < seq - 1) this.pending.delete(key);
    return this.pending.get(seq)!;
  }

  /** Waits for the reads still under way; a failure among them is the walk's to report, not this. */
  async settle(): Promise<void> {
    await Promise.allSettled(this.pending.values());
  }
}
