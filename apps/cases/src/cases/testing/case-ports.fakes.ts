import {
  type Case,
  type CaseComment,
  type CloudEvent,
  type Principal,
  type ReferenceList,
  type SubjectType,
} from '@opencen/contracts';
import { type RequestContext, staleVersion } from '@opencen/nest-kit';

import { CaseNumberTakenError, type UnusedClaim, formatCaseNumber } from '../domain/case-number';
import { type Repoint } from '../domain/subject-links';
import {
  CaseNumbers,
  CaseRepository,
  type CaseHistoryEntry,
  ReferenceCodes,
  SubjectDirectory,
} from '../usecases/ports';

/** The time of the specs (give it to testing's FixedClock). */
export const NOW = new Date('2026-11-28T10:00:00.000Z');

export function contextOf(principal?: Principal): RequestContext {
  return { correlationId: 'corr-1', principal };
}

interface StoredCase {
  kase: Case;
  history: CaseHistoryEntry[];
  comments: CaseComment[];
  repoints: Repoint[];
}

/**
 * Cases in memory, refusing what the store refuses: a stale version (CONFLICT naming `version`)
 * and a second case with the same number. Every event written is kept in `events`.
 */
export class InMemoryCases extends CaseRepository {
  readonly stored = new Map<string, StoredCase>();
  readonly events: CloudEvent[] = [];
  /** When set, the next insert throws it (and stores nothing). */
  failNextInsert: Error | undefined;

  constructor(cases: Case[] = []) {
    super();
    for (const kase of cases) {
      this.stored.set(kase.id, { kase, history: [], comments: [], repoints: [] });
    }
  }

  /** The stored case with the given id; throws when there is none. */
  get(id: string): StoredCase {
    const entry = this.stored.get(id);
    if (!entry) throw new Error(`no case ${id} stored`);
    return entry;
  }

  setRepoints(id: string, repoints: Repoint[]): void {
    this.get(id).repoints = repoints;
  }

  async findById(id: string): Promise<Case | null> {
    return this.stored.get(id)?.kase ?? null;
  }

  async exists(id: string): Promise<boolean> {
    return this.stored.has(id);
  }

  async findByNumber(number: string): Promise<Case | null> {
    return [...this.stored.values()].find((e) => e.kase.number === number)?.kase ?? null;
  }

  async history(id: string): Promise<CaseHistoryEntry[] | null> {
    return this.stored.get(id)?.history ?? null;
  }

  async insert(kase: Case, change: CaseHistoryEntry, events: readonly CloudEvent[]): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    const failure = this.failNextInsert;
    this.failNextInsert = undefined;
    if (failure) throw failure;
    if ([...this.stored.values()].some((e) => e.kase.number === kase.number)) {
      throw new CaseNumberTakenError(`number ${kase.number} taken`);
    }
    this.stored.set(kase.id, { kase, history: [change], comments: [], repoints: [] });
    this.events.push(...events);
  }

  async update(
    kase: Case,
    expectedVersion: number,
    change: CaseHistoryEntry,
    events: readonly CloudEvent[],
    repoints?: readonly Repoint[],
  ): Promise<void> {
    const current = this.get(kase.id);
    if (current.kase.version !== expectedVersion) {
      throw staleVersion(`Case ${kase.id}`, expectedVersion, current.kase.version);
    }
    current.kase = kase;
    current.history.push(change);
    if (repoints) current.repoints = [...repoints];
    this.events.push(...events);
  }

  async repoints(id: string): Promise<Repoint[]> {
    return this.stored.get(id)?.repoints ?? [];
  }

  async addComment(caseId: string, comment: CaseComment): Promise<void> {
    this.get(caseId).comments.push(comment);
  }

  async comments(caseId: string): Promise<CaseComment[]> {
    return this.stored.get(caseId)?.comments ?? [];
  }

  async recordPhoto(
    caseId: string,
    photoId: string,
    entry: CaseHistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void> {
    const stored = this.stored.get(caseId);
    if (!stored || stored.history.some((line) => line.photoId === photoId)) return;
    stored.history.push({ ...entry, photoId });
    this.events.push(...events);
  }

  async photoIds(caseId: string): Promise<string[]> {
    return (this.stored.get(caseId)?.history ?? []).flatMap((line) =>
      line.photoId ? [line.photoId] : [],
    );
  }
}

interface Claim {
  caseId: string;
  used: boolean;
  claimedAt: Date;
}

/**
 * Case number claims kept like the store keeps them: a unique key per scope and sequence. Every
 * call yields to the event loop first, so concurrent allocations interleave as they do against a
 * real store. `isHeld` says whether a stored case holds a number; claims are made at NOW.
 */
export class InMemoryClaims extends CaseNumbers {
  readonly claims = new Map<string, Claim>();
  attempts = 0;

  constructor(private readonly isHeld: (number: string) => boolean = () => false) {
    super();
  }

  private static key(scope: string, sequence: number): string {
    return `${scope}#${sequence}`;
  }

  async highest(scope: string): Promise<number> {
    await new Promise((resolve) => setImmediate(resolve));
    let max = 0;
    for (const key of this.claims.keys()) {
      const [s, seq] = key.split('#');
      if (s === scope) max = Math.max(max, Number(seq));
    }
    return max;
  }

  async claim(scope: string, sequence: number, caseId: string): Promise<boolean> {
    await new Promise((resolve) => setImmediate(resolve));
    this.attempts++;
    const key = InMemoryClaims.key(scope, sequence);
    if (this.claims.has(key)) return false;
    this.claims.set(key, { caseId, used: false, claimedAt: NOW });
    return true;
  }

  async unused(scope: string, before: Date, limit: number): Promise<UnusedClaim[]> {
    await new Promise((resolve) => setImmediate(resolve));
    return [...this.claims.entries()]
      .map(([key, claim]) => ({
        sequence: Number(key.split('#')[1]),
        scope: key.split('#')[0],
        claim,
      }))
      .filter((c) => c.scope === scope && !c.claim.used && c.claim.claimedAt < before)
      .filter((c) => !this.isHeld(formatCaseNumber(scope, c.sequence)))
      .sort((a, b) => a.sequence - b.sequence)
      .slice(0, limit)
      .map((c) => ({ sequence: c.sequence, caseId: c.claim.caseId }));
  }

  async takeOver(
    scope: string,
    sequence: number,
    fromCaseId: string,
    toCaseId: string,
  ): Promise<boolean> {
    await new Promise((resolve) => setImmediate(resolve));
    const claim = this.claims.get(InMemoryClaims.key(scope, sequence));
    if (!claim || claim.used || claim.caseId !== fromCaseId) return false;
    claim.caseId = toCaseId;
    claim.claimedAt = NOW;
    return true;
  }

  async markUsed(scope: string, sequence: number, caseId: string): Promise<void> {
    const claim = this.claims.get(InMemoryClaims.key(scope, sequence));
    if (claim?.caseId === caseId) claim.used = true;
  }

  async release(scope: string, sequence: number, caseId: string): Promise<void> {
    const claim = this.claims.get(InMemoryClaims.key(scope, sequence));
    if (claim?.caseId === caseId && !claim.used) claim.claimedAt = new Date(0);
  }

  /** Not in turn: concurrent allocations here race as those of separate replicas do. */
  inTurn<T>(_scope: string, allocate: () => Promise<T>): Promise<T> {
    return allocate();
  }
}

/** The reference service: every code is valid except those listed as bad (in any list). */
export class FakeReferenceCodes extends ReferenceCodes {
  readonly asked: { list: ReferenceList; codes: string[]; at?: string }[] = [];

  constructor(private readonly bad: readonly string[] = ['XX', 'NOPE']) {
    super();
  }

  async invalid(
    list: ReferenceList,
    codes: readonly string[],
    at?: string,
  ): Promise<Map<string, string>> {
    this.asked.push({ list, codes: [...codes], ...(at ? { at } : {}) });
    return new Map(codes.filter((c) => this.bad.includes(c)).map((c) => [c, 'unknown']));
  }
}

/**
 * The persons service: knows the subjects given, and answers a merged person's id with its
 * survivor's (as the persons service's get does).
 */
export class FakeSubjectDirectory extends SubjectDirectory {
  constructor(
    private readonly known: readonly string[] = ['person-1', 'aircraft-1'],
    private readonly mergedInto: Record<string, string> = {},
  ) {
    super();
  }

  async resolve(_subjectType: SubjectType, id: string): Promise<string | null> {
    const survivor = this.mergedInto[id];
    if (survivor !== undefined) return survivor;
    return this.known.includes(id) ? id : null;
  }
}
