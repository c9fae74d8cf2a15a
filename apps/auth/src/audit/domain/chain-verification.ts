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

/** Entries (and checkpoints) read ahead at once: the store answers each by key. */
const READ_AHEAD = 64;

/** Which part of the chain to verify: `limit` entries from `from` (to the end without a limit). */
export interface ChainRange {
  readonly from: number;
  readonly limit?: number;
}

/**
 * Recomputes the chain over a range of positions (the whole chain by default) and checks the
 * signed checkpoints at those positions, and reports the first position that does not hold:
 * - `modified`: an entry's content no longer gives its hash, or an entry was rewritten with a new
 *   hash so that the next one no longer follows it;
 * - `removed`: a position is empty, or holds a later entry (the ones between were taken out);
 * - `inserted`: an entry that the original chain does not have sits before the entry it displaced;
 * - `reordered`: two entries swapped places;
 * - `checkpoint-mismatch`: the chain was recomputed after a change, so a signed checkpoint names
 *   another hash for its entry, or a checkpoint is missing (each names the one before it);
 * - `checkpoint-signature`: a checkpoint's signature is not one of the configured keys'.
 *
 * A range after the first starts from the entry before it as stored (the range before verifies
 * that one): every entry is read by key, so a range costs its length, not the chain's.
 */
export async function verifyChain(
  reader: ChainReader,
  keys: SigningKeys,
  now: Date,
  range: ChainRange = { from: 1 },
  progress?: (verified: number) => void,
): Promise<AuditVerification> {
  const { from } = range;
  let last = range.limit === undefined ? Number.POSITIVE_INFINITY : from + range.limit - 1;
  const lastCheckpointSeq = await reader.lastCheckpointSeq();
  const end = Math.max(await reader.headSeq(), lastCheckpointSeq);
  const window = new ReadAhead(reader);
  /** The checkpoints of the range that hold, by position: their hash. */
  const checkpoints = new Map<number, string>();
  let verified = from - 1;
  let problem: Problem | undefined;
  try {
    let previousHash = GENESIS_HASH;
    if (from > 1) {
      const before = await reader.entry(from - 1);
      if (before?.seq === from - 1) previousHash = before.hash;
      // A range past the end of the chain has nothing to verify.
      else if (before || from - 1 <= end)
        problem = { kind: 'removed', seq: from - 1, detail: `entry ${from - 1} is missing` };
      else last = from - 1;
    }
    for (let seq = from; !problem && seq <= last; seq += 1) {
      const entry = await window.entry(seq);
      if (!entry) {
        if (seq <= end) problem = { kind: 'removed', seq, detail: `entry ${seq} is missing` };
        break;
      }
      problem =
        (await entryProblem(entry, seq, previousHash, window)) ??
        (await checkpointProblem(
          await window.checkpoint(seq),
          entry,
          checkpoints,
          from,
          reader,
          keys,
        ));
      if (problem) break;
      previousHash = entry.hash;
      verified = seq;
      if ((verified - from + 1) % 1000 === 0) progress?.(verified);
    }
    if (!problem && lastCheckpointSeq >= from && lastCheckpointSeq <= verified) {
      if (!checkpoints.has(lastCheckpointSeq)) problem = missingCheckpoint(lastCheckpointSeq);
    }
  } finally {
    // Reads still ahead must end before the caller may close the store.
    await window.settle();
  }
  const goesOn = !problem && verified === last && (await reader.entry(verified + 1)) !== null;
  return {
    valid: problem === undefined,
    from,
    to: verified,
    entries: verified - from + 1,
    checkpoints: checkpoints.size,
    lastCheckpointSeq: Math.max(0, ...checkpoints.keys()),
    ...(goesOn ? { nextFrom: verified + 1 } : {}),
    ...(problem ? { problem } : {}),
    verifiedAt: now.toISOString(),
  };
}

function missingCheckpoint(seq: number): Problem {
  return {
    kind: 'checkpoint-mismatch',
    seq,
    detail: `the checkpoint at entry ${seq} is missing`,
  };
}

/**
 * What is wrong with the checkpoint at an entry's position, if there is one: its signature, the
 * hash it names, or the checkpoint before it (which it names) missing.
 */
async function checkpointProblem(
  checkpoint: Checkpoint | null,
  entry: AuditEntry,
  checkpoints: Map<number, string>,
  from: number,
  reader: ChainReader,
  keys: SigningKeys,
): Promise<Problem | undefined> {
  if (!checkpoint) return undefined;
  const { seq } = entry;
  if (checkpoint.seq !== seq) return missingCheckpoint(seq);
  // It names the one before it: met on the way when in the range, read by key when before it.
  const previous = checkpoint.previousCheckpointSeq;
  if (previous > 0 && !checkpoints.has(previous)) {
    const before = previous < from ? await reader.checkpoint(previous) : null;
    if (before?.seq !== previous) return missingCheckpoint(previous);
  }
  if (!signatureHolds(checkpoint, keys)) {
    return {
      kind: 'checkpoint-signature',
      seq,
      detail: `the checkpoint at entry ${seq} is not signed by a configured key (key ${checkpoint.keyId})`,
    };
  }
  if (checkpoint.hash !== entry.hash) {
    return {
      kind: 'checkpoint-mismatch',
      seq,
      detail: `the checkpoint signed at entry ${seq} names another hash: the entries up to it were rewritten`,
    };
  }
  checkpoints.set(seq, checkpoint.hash);
  return undefined;
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

/** Reads entries and checkpoints by key a window ahead of the verification, so round trips overlap. */
class ReadAhead {
  private readonly entries = new Map<number, Promise<AuditEntry | null>>();
  private readonly checkpoints = new Map<number, Promise<Checkpoint | null>>();

  constructor(private readonly reader: ChainReader) {}

  entry(seq: number): Promise<AuditEntry | null> {
    return this.ahead(this.entries, seq, (at) => this.reader.entry(at));
  }

  checkpoint(seq: number): Promise<Checkpoint | null> {
    return this.ahead(this.checkpoints, seq, (at) => this.reader.checkpoint(at));
  }

  /** Waits for the reads still under way; a failure among them is the walk's to report, not this. */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.entries.values(), ...this.checkpoints.values()]);
  }

  private ahead<T>(
    pending: Map<number, Promise<T>>,
    seq: number,
    read: (seq: number) => Promise<T>,
  ): Promise<T> {
    for (let ahead = seq; ahead < seq + READ_AHEAD; ahead += 1) {
      if (pending.has(ahead)) continue;
      const reading = read(ahead);
      // A read past the end may fail once the walk stopped; it is awaited only if it is reached.
      reading.catch(() => undefined);
      pending.set(ahead, reading);
    }
    for (const key of pending.keys()) if (key < seq - 1) pending.delete(key);
    return pending.get(seq)!;
  }
}
