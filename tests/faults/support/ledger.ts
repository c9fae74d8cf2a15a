import {
  caseCreated,
  caseRejected,
  caseSubjectsLinked,
  caseSubmitted,
  caseUpdated,
  caseValidated,
} from '@opencen/contracts';

/**
 * What a fault scenario did and what it must find afterwards. Every write of the load is a step of
 * one case (creation, update or transition), which takes the case from one version to the next, so
 * a write is named by the case and the version it made: `caseId@version`. The ledger keeps the
 * writes that were acknowledged (a 2xx, at first or on a replay) and compares them with what the
 * store, the event stream and the search index hold.
 */

export type WriteKind = 'create' | 'update' | 'submit' | 'reject' | 'validate';

/** How the first answer to a write came. */
export type FirstAnswer = number | 'no answer';

export interface WriteRecord {
  kind: WriteKind;
  caseId: string;
  /** The version the write made. */
  version: number;
  /** The first answer, before any replay. */
  first: FirstAnswer;
  /** When the first attempt was sent and answered (ms since the epoch). */
  sentAt: number;
  answeredAt: number;
  /** Replays it took to learn the outcome (0: the first answer was a 2xx). */
  replays: number;
  /** The last answer, when it is not the first. */
  last?: FirstAnswer;
  /**
   * For a write that was replayed: whether an earlier attempt had done it (the replay found it
   * done) or the replay did it (the earlier attempts had changed nothing).
   */
  happenedBeforeReplay?: boolean;
  /** `true` when the outcome is known: it happened (once). */
  acknowledged: boolean;
}

export const writeKey = (caseId: string, version: number) => `${caseId}@${version}`;

/**
 * The events each kind of write publishes, by CloudEvents type. The load never changes a case's
 * parties after its creation, so only a creation says which subjects the case names.
 */
export const EVENTS_OF: Record<WriteKind, readonly string[]> = {
  create: [caseCreated.type, caseSubjectsLinked.type],
  update: [caseUpdated.type],
  submit: [caseSubmitted.type],
  reject: [caseRejected.type],
  validate: [caseValidated.type],
};

/** What the event counter saw: per write, per event type, the stream sequences. */
export type EventsByWrite = ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<number>>>;

/** A case as the store or the index holds it, or `undefined` when it holds none. */
export type VersionsById = ReadonlyMap<string, number | undefined>;

export interface Verdict {
  operations: number;
  acknowledged: number;
  /** Acknowledged writes the store does not hold, or whose event never came (each counted once). */
  lost: number;
  /** Writes with more than one event, events of no write, a store ahead of every acknowledged write. */
  doubled: number;
  /** First answers 5xx (or none at all: the connection was cut). */
  failedFirst: number;
  /** Of those, the ones outside the fault's window (must be none). */
  failedOutsideFault: number;
  /** Of those, the ones an earlier attempt had done, as their replay showed (the others had not). */
  failedButDone: number;
  /** Writes whose outcome is still unknown after their replays (must be none). */
  unresolved: number;
  /** Cases whose indexed version differs from the store's. */
  indexBehind: number;
  problems: string[];
}

export interface Window {
  from: number;
  to: number;
}

const isFailure = (answer: FirstAnswer) => answer === 'no answer' || answer >= 500;

/** The version each case must have: that of its last acknowledged write. */
export function expectedVersions(writes: readonly WriteRecord[]): Map<string, number> {
  const versions = new Map<string, number>();
  for (const write of writes) {
    if (!write.acknowledged) continue;
    versions.set(write.caseId, Math.max(versions.get(write.caseId) ?? 0, write.version));
  }
  return versions;
}

/**
 * Compares the acknowledged writes with the store (version of each case), the events (per write)
 * and the index (version of each case). `events` holds those of the writes' cases and of any case
 * that no write of the run made (events of no write). `faultWindow` is when the fault was on: a
 * failed first answer outside it is a finding.
 */
export function judge(
  writes: readonly WriteRecord[],
  store: VersionsById,
  events: EventsByWrite,
  index: VersionsById,
  faultWindow: Window | undefined,
): Verdict {
  const problems: string[] = [];
  const expected = expectedVersions(writes);
  const acknowledged = writes.filter((write) => write.acknowledged);
  const lost = new Set<string>();
  let doubled = 0;
  for (const write of acknowledged) {
    const key = writeKey(write.caseId, write.version);
    const stored = store.get(write.caseId);
    if (stored === undefined || stored < write.version) {
      lost.add(key);
      problems.push(`${key}: not in the store (it holds version ${stored ?? 'none'})`);
    }
    const published = events.get(key);
    for (const type of EVENTS_OF[write.kind]) {
      const sequences = published?.get(type)?.size ?? 0;
      if (sequences === 0) {
        lost.add(key);
        problems.push(`${key}: no ${type} event`);
      } else if (sequences > 1) {
        doubled += sequences - 1;
        problems.push(`${key}: ${sequences} ${type} events`);
      }
    }
    for (const [type, sequences] of published ?? []) {
      if (EVENTS_OF[write.kind].includes(type)) continue;
      doubled += sequences.size;
      problems.push(`${key}: a ${type} event, which a ${write.kind} does not publish`);
    }
  }
  for (const [caseId, version] of expected) {
    const stored = store.get(caseId) ?? 0;
    if (stored > version) {
      doubled += stored - version;
      problems.push(`${caseId}: the store holds version ${stored}, acknowledged only ${version}`);
    }
  }
  const acknowledgedKeys = new Set(acknowledged.map((w) => writeKey(w.caseId, w.version)));
  for (const [key, published] of events) {
    if (acknowledgedKeys.has(key)) continue;
    for (const [type, sequences] of published) {
      doubled += sequences.size;
      problems.push(`${key}: a ${type} event of no acknowledged write`);
    }
  }
  let indexBehind = 0;
  for (const [caseId, version] of expected) {
    if (index.get(caseId) !== version) {
      indexBehind += 1;
      problems.push(
        `${caseId}: indexed at version ${index.get(caseId) ?? 'none'}, stored ${version}`,
      );
    }
  }
  const failed = writes.filter((write) => isFailure(write.first));
  const outside = failed.filter(
    (write) => !faultWindow || write.answeredAt < faultWindow.from || write.sentAt > faultWindow.to,
  );
  for (const write of outside) {
    problems.push(
      `${writeKey(write.caseId, write.version)} (${write.kind}) answered ${write.first} outside the fault`,
    );
  }
  const unresolved = writes.filter((write) => !write.acknowledged);
  for (const write of unresolved) {
    problems.push(
      `${write.kind} of ${write.caseId || 'a new case'} to version ${write.version}: outcome unknown (first ${write.first}, ${write.replays} replays, last ${write.last ?? write.first})`,
    );
  }
  return {
    operations: writes.length,
    acknowledged: acknowledged.length,
    lost: lost.size,
    doubled,
    failedFirst: failed.length,
    failedOutsideFault: outside.length,
    failedButDone: failed.filter((write) => write.happenedBeforeReplay === true).length,
    unresolved: unresolved.length,
    indexBehind,
    problems,
  };
}

/**
 * The problems grouped by kind (ids and numbers left out), each with how many and one example:
 * short enough to read in a failed test however many writes went wrong.
 */
export function summarize(problems: readonly string[]): string[] {
  const groups = new Map<string, { count: number; example: string }>();
  for (const problem of problems) {
    const kind = problem
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')
      .replace(/\d+/g, 'N');
    const group = groups.get(kind) ?? { count: 0, example: problem };
    group.count += 1;
    groups.set(kind, group);
  }
  return [...groups.values()].map(({ count, example }) => `${count} × ${example}`);
}

/** True when the store, the events and the index agree with the acknowledged writes. */
export const converged = (verdict: Verdict) =>
  verdict.lost === 0 && verdict.doubled === 0 && verdict.indexBehind === 0;

export interface TableRow {
  scenario: string;
  verdict: Verdict;
  /** From the end of the load (and of the fault) until the stores agreed; undefined: never. */
  convergedInMs: number | undefined;
  /** How long the faulty part took to be back. */
  recoveredInMs: number | undefined;
}

/** The summary table, in Markdown. */
export function renderTable(rows: readonly TableRow[]): string {
  const seconds = (ms: number | undefined) =>
    ms === undefined ? 'never' : `${(ms / 1000).toFixed(1)} s`;
  const lines = [
    '| scenario | operations | acknowledged | lost | doubled | 5xx or cut | of which done | outside the fault | back in | converged in |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      ({ scenario, verdict: v, convergedInMs, recoveredInMs }) =>
        `| ${scenario} | ${v.operations} | ${v.acknowledged} | ${v.lost} | ${v.doubled} | ${v.failedFirst} | ${v.failedButDone} | ${v.failedOutsideFault} | ${recoveredInMs === undefined ? '–' : seconds(recoveredInMs)} | ${seconds(convergedInMs)} |`,
    ),
  ];
  return lines.join('\n');
}
