import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import {
  type Case,
  type CaseComment,
  type CloudEvent,
  caseSchema as caseContract,
} from '@opencen/contracts';
import {
  DocumentWriteLock,
  EventBus,
  documentWriteLock,
  isDuplicateKeyError,
  upsertByKey,
  withEvents,
  WITHOUT_OUTBOX,
} from '@opencen/nest-kit';
import { Model } from 'mongoose';

import { CaseNumberTakenError, type UnusedClaim, formatCaseNumber } from '../domain/case-number';
import { dimensionsOf } from '../domain/dimensions';
import { type Repoint } from '../domain/subject-links';
import { CaseNumbers, CaseRepository, type CaseHistoryEntry } from '../usecases/ports';
import {
  CASE_MODEL,
  CASE_NUMBER_SCOPES_COLLECTION,
  CASE_NUMBERS_COLLECTION,
  CASES_COLLECTION,
  type CaseDocument,
  type CaseNumberDocument,
  type CaseNumberScopeDocument,
} from './case.schema';

/** Reads leave out what only the store needs. */
const CASE_PROJECTION = {
  history: 0,
  comments: 0,
  repoints: 0,
  ...WITHOUT_OUTBOX,
  period: 0,
  year: 0,
  detectionOffice: 0,
  commodityCategories: 0,
  hsCodes: 0,
  hsHeadings: 0,
  routeCountries: 0,
  concealmentMethods: 0,
  subjectKeys: 0,
  keywords: 0,
  itemCount: 0,
  measures: 0,
} as const;

/** Contract fields that may be absent, unset when a new version leaves them out. */
const OPTIONAL = [
  'detectedAt',
  'procedure',
  'transportMode',
  'conveyance',
  'outcome',
  'narrative',
  'rejection',
] as const;

/** The document of a case: dates as Dates, the dimensions beside it. */
function toDocument(kase: Case): Record<string, unknown> {
  const { id, createdAt, updatedAt, detectedAt, ...fields } = kase;
  const document: Record<string, unknown> = {
    _id: id,
    ...fields,
    ...(detectedAt ? { detectedAt: new Date(detectedAt) } : {}),
    createdAt: new Date(createdAt),
    updatedAt: new Date(updatedAt),
    ...dimensionsOf(kase),
  };
  for (const [key, value] of Object.entries(document))
    if (value === undefined) delete document[key];
  return document;
}

/**
 * A stored case read through its contract (which also drops nulls of absent optionals); the
 * reindex command reads the stored documents with it too.
 */
export function caseOfDocument(document: Record<string, unknown>): Case {
  const { _id, createdAt, updatedAt, detectedAt, ...fields } = document;
  const present = Object.fromEntries(Object.entries(fields).filter(([, v]) => v != null));
  const result = caseContract.safeParse({
    ...present,
    id: _id,
    ...(detectedAt instanceof Date ? { detectedAt: detectedAt.toISOString() } : {}),
    createdAt: (createdAt as Date).toISOString(),
    updatedAt: (updatedAt as Date).toISOString(),
  });
  if (result.success) return result.data;
  const paths = result.error.issues.map((issue) => issue.path.join('.')).join(', ');
  throw new Error(`Stored case ${String(_id)} does not match the case contract at: ${paths}`);
}

@Injectable()
export class MongoCaseRepository extends CaseRepository {
  constructor(
    @InjectModel(CASE_MODEL) private readonly cases: Model<CaseDocument>,
    @InjectModel(CASE_NUMBERS_COLLECTION) private readonly numbers: Model<CaseNumberDocument>,
    private readonly events: EventBus,
  ) {
    super();
  }

  async findById(id: string): Promise<Case | null> {
    const document = await this.cases.findById(id, CASE_PROJECTION).lean<Record<string, unknown>>();
    return document ? caseOfDocument(document) : null;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.cases.exists({ _id: id })) !== null;
  }

  async findByNumber(number: string): Promise<Case | null> {
    // Through the number's claim, by key: the claim names the case.
    const key = claimKeyOf(number);
    const claim = key ? await this.numbers.findById(key).lean<CaseNumberDocument>() : null;
    const holder = claim ? await storedClaimant(this.cases, claim) : null;
    return holder ? this.findById(holder) : null;
  }

  async history(id: string): Promise<CaseHistoryEntry[] | null> {
    const document = await this.cases
      .findById(id, { history: 1 })
      .lean<{ history?: CaseHistoryEntry[] }>();
    return document
      ? (document.history ?? []).map((entry) => ({ ...entry, at: new Date(entry.at) }))
      : null;
  }

  async repoints(id: string): Promise<Repoint[]> {
    const document = await this.cases
      .findById(id, { repoints: 1 })
      .lean<{ repoints?: Repoint[] }>();
    return document?.repoints ?? [];
  }

  async insert(kase: Case, change: CaseHistoryEntry, events: readonly CloudEvent[]): Promise<void> {
    try {
      await this.events.insertWithEvents(
        CASES_COLLECTION,
        { ...toDocument(kase), _id: kase.id, history: [change], comments: [], repoints: [] },
        events,
        (document) => this.cases.collection.insertOne(document as never),
      );
    } catch (error) {
      // Ids are random UUIDs: the only key two cases can share is the number.
      if (isDuplicateKeyError(error)) {
        throw new CaseNumberTakenError(`Case number ${kase.number} is held by another case`);
      }
      throw error;
    }
  }

  async update(
    kase: Case,
    expectedVersion: number,
    change: CaseHistoryEntry,
    events: readonly CloudEvent[],
    repoints?: readonly Repoint[],
  ): Promise<void> {
    // `version` is left to the versioned update, which increments it only if it is still the expected one.
    const { _id, version: _version, ...fields } = toDocument(kase);
    const absent = OPTIONAL.filter((field) => kase[field] === undefined);
    await this.events.updateVersioned(
      this.cases,
      _id,
      expectedVersion,
      {
        $set: { ...fields, ...(repoints ? { repoints } : {}) },
        $push: { history: change },
        ...(absent.length > 0 ? { $unset: Object.fromEntries(absent.map((f) => [f, 1])) } : {}),
      },
      events,
    );
  }

  async addComment(caseId: string, comment: CaseComment): Promise<void> {
    // Not versioned: a comment never makes an edit stale. The lock keeps it from overlapping
    // another write of this process to the case (FerretDB could lose one).
    await documentWriteLock.run(CASES_COLLECTION, caseId, () =>
      this.cases.updateOne({ _id: caseId }, { $push: { comments: comment } }),
    );
  }

  async comments(caseId: string): Promise<CaseComment[]> {
    const document = await this.cases
      .findById(caseId, { comments: 1 })
      .lean<{ comments?: CaseComment[] }>();
    return document?.comments ?? [];
  }

  async recordPhoto(
    caseId: string,
    photoId: string,
    entry: CaseHistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void> {
    // The line names its photo, and the write matches only a case whose history does not yet.
    await this.events.storeEvents(CASES_COLLECTION, caseId, () =>
      this.cases.updateOne(
        { _id: caseId, 'history.photoId': { $ne: photoId } },
        withEvents({ $push: { history: { ...entry, photoId } } }, events),
      ),
    );
  }

  async photoIds(caseId: string): Promise<string[]> {
    const document = await this.cases
      .findById(caseId, { history: 1 })
      .lean<{ history?: CaseHistoryEntry[] }>();
    return photoIdsOf(document?.history ?? []);
  }
}

/** The photos a stored history records (one line per photo added), in order. */
export function photoIdsOf(history: readonly Pick<CaseHistoryEntry, 'photoId'>[]): string[] {
  return [...new Set(history.flatMap((entry) => (entry.photoId ? [entry.photoId] : [])))];
}

/** The claim `_id` of a number: `FRACDG-2026-000042` → `FRACDG-2026#42`; null if not one. */
function claimKeyOf(number: string): string | null {
  const match = /^([A-Z0-9]{1,20}-\d{4})-(\d{6,})$/.exec(number);
  return match ? `${match[1]}#${Number(match[2])}` : null;
}

const claimKey = (scope: string, sequence: number) => `${scope}#${sequence}`;

/**
 * The stored case that holds the claim's number, of those the claim was ever given to (the
 * current one first); null when none of them stored its case.
 */
async function storedClaimant(
  cases: Model<CaseDocument>,
  claim: CaseNumberDocument,
): Promise<string | null> {
  const number = formatCaseNumber(claim.scope, claim.sequence);
  for (const caseId of [claim.caseId, ...(claim.formerCaseIds ?? [])]) {
    const kase = await cases.findById(caseId, { number: 1 }).lean<{ number: string }>();
    if (kase?.number === number) return caseId;
  }
  return null;
}

/** How often at most a scope's `lowestOpen` is stored: every walk moves it, usually by one. */
const ADVANCE_INTERVAL_MS = 1_000;

/** What this process knows of a scope's claims, so that a walk reads only what it does not. */
interface ScopeClaims {
  /** Below it every claim is used (this process's view: it may be ahead of the stored one). */
  lowestOpen: number;
  /** The `lowestOpen` stored, and when. */
  stored: { lowestOpen: number; at: number };
  /** The first sequence not known to be claimed: one past the highest claimed. */
  end: number;
  /** This process's claims whose case is not stored yet: never unused while it runs. */
  inFlight: Set<number>;
  /** This process's claims whose case is stored, being marked used. */
  marking: Set<number>;
  /** Claims read as used: a used claim is never taken over, so this stays true. */
  used: Set<number>;
}

/**
 * Case numbers claimed by inserting `<scope>#<sequence>`: the store refuses a second claim. A claim
 * is `used` once its case is stored; an unused one older than the lease, or released, is taken
 * over by the next creation (domain/case-number).
 *
 * Everything is read by `_id`: a scope's claims are walked from its `lowestOpen` (below it all are
 * used) up to one past the highest. What the walk learnt is kept per scope, and allocations of a
 * scope take turns in this process, so that a walk reads only the claims it has not seen used and
 * not made itself (those of other replicas and the one stored last), whatever the number of cases
 * and of creations in flight.
 */
@Injectable()
export class MongoCaseNumbers extends CaseNumbers {
  private readonly scopeClaims = new Map<string, Promise<ScopeClaims>>();
  private readonly turns = new DocumentWriteLock();

  constructor(
    @InjectModel(CASE_NUMBERS_COLLECTION) private readonly numbers: Model<CaseNumberDocument>,
    @InjectModel(CASE_NUMBER_SCOPES_COLLECTION)
    private readonly scopes: Model<CaseNumberScopeDocument>,
    @InjectModel(CASE_MODEL) private readonly cases: Model<CaseDocument>,
  ) {
    super();
  }

  inTurn<T>(scope: string, allocate: () => Promise<T>): Promise<T> {
    return this.turns.run(CASE_NUMBER_SCOPES_COLLECTION, scope, allocate);
  }

  async highest(scope: string): Promise<number> {
    return (await this.known(scope)).end - 1;
  }

  async claim(scope: string, sequence: number, caseId: string): Promise<boolean> {
    const known = await this.known(scope);
    try {
      await this.numbers.collection.insertOne({
        _id: claimKey(scope, sequence),
        scope,
        sequence,
        caseId,
        used: false,
        claimedAt: new Date(),
      } as never);
      known.inFlight.add(sequence);
      known.end = Math.max(known.end, sequence + 1);
      return true;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      known.end = Math.max(known.end, sequence + 1);
      return false;
    }
  }

  async unused(scope: string, before: Date, limit: number): Promise<UnusedClaim[]> {
    const known = await this.known(scope);
    const unused: UnusedClaim[] = [];
    for (let sequence = known.lowestOpen; sequence < known.end; sequence++) {
      const state = await this.stateOf(known, scope, sequence);
      if (state === 'absent') {
        // Nobody holds it after all (a claim whose insert failed): the next creation claims it.
        known.end = sequence;
        break;
      }
      if (state === 'used' && known.lowestOpen === sequence) {
        known.lowestOpen = sequence + 1;
        known.used.delete(sequence);
      }
      if (typeof state === 'object' && state.claimedAt < before && unused.length < limit) {
        unused.push({ sequence, caseId: state.caseId });
      }
    }
    await this.advance(scope, known);
    return unused;
  }

  async takeOver(
    scope: string,
    sequence: number,
    fromCaseId: string,
    toCaseId: string,
  ): Promise<boolean> {
    const _id = claimKey(scope, sequence);
    // Allocations take turns here; across replicas the unique number of the cases settles it
    // (see CaseNumberTakenError).
    const result = await documentWriteLock.run(CASE_NUMBERS_COLLECTION, _id, () =>
      this.numbers.updateOne(
        { _id, caseId: fromCaseId, used: false },
        {
          $set: { caseId: toCaseId, claimedAt: new Date() },
          $push: { formerCaseIds: fromCaseId },
        },
      ),
    );
    if (result.modifiedCount === 1) (await this.known(scope)).inFlight.add(sequence);
    return result.modifiedCount === 1;
  }

  async markUsed(scope: string, sequence: number, caseId: string): Promise<void> {
    const _id = claimKey(scope, sequence);
    const known = await this.known(scope);
    known.marking.add(sequence);
    known.inFlight.delete(sequence);
    try {
      await documentWriteLock.run(CASE_NUMBERS_COLLECTION, _id, () =>
        this.numbers.updateOne({ _id, caseId }, { $set: { used: true } }),
      );
    } finally {
      // Left to the next walk to read back: another replica may have taken the claim over.
      known.marking.delete(sequence);
    }
  }

  async release(scope: string, sequence: number, caseId: string): Promise<void> {
    const _id = claimKey(scope, sequence);
    (await this.known(scope)).inFlight.delete(sequence);
    // Claimed "long ago": past any lease, so the next creation takes it over.
    await documentWriteLock.run(CASE_NUMBERS_COLLECTION, _id, () =>
      this.numbers.updateOne({ _id, caseId, used: false }, { $set: { claimedAt: new Date(0) } }),
    );
  }

  /**
   * The claim of `sequence`: used, in flight here (not unused either), absent, or else the claim
   * as read. A claim not known is read; one whose case is stored but was never marked (the process
   * died in between) is marked now.
   */
  private async stateOf(
    known: ScopeClaims,
    scope: string,
    sequence: number,
  ): Promise<'used' | 'inFlight' | 'absent' | CaseNumberDocument> {
    if (known.used.has(sequence) || known.marking.has(sequence)) return 'used';
    if (known.inFlight.has(sequence)) return 'inFlight';
    const claim = await this.read(scope, sequence);
    if (!claim) return 'absent';
    if (claim.used || (await storedClaimant(this.cases, claim))) {
      if (!claim.used) await this.markUsed(scope, claim.sequence, claim.caseId);
      known.used.add(sequence);
      return 'used';
    }
    return claim;
  }

  /** What this process knows of the scope; the first time, its stored start and its end, read. */
  private known(scope: string): Promise<ScopeClaims> {
    let known = this.scopeClaims.get(scope);
    if (!known) {
      known = this.firstWalk(scope);
      this.scopeClaims.set(scope, known);
      known.catch(() => this.scopeClaims.delete(scope));
    }
    return known;
  }

  private async firstWalk(scope: string): Promise<ScopeClaims> {
    const document = await this.scopes.findById(scope).lean<CaseNumberScopeDocument>();
    const lowestOpen = document?.lowestOpen ?? 1;
    let end = lowestOpen;
    while (await this.read(scope, end)) end += 1;
    return {
      lowestOpen,
      stored: { lowestOpen, at: Date.now() },
      end,
      inFlight: new Set(),
      marking: new Set(),
      used: new Set(),
    };
  }

  private read(scope: string, sequence: number): Promise<CaseNumberDocument | null> {
    return this.numbers.findById(claimKey(scope, sequence)).lean<CaseNumberDocument>().exec();
  }

  private async advance(scope: string, known: ScopeClaims): Promise<void> {
    const { lowestOpen } = known;
    if (lowestOpen <= known.stored.lowestOpen) return;
    if (Date.now() - known.stored.at < ADVANCE_INTERVAL_MS) return;
    known.stored = { lowestOpen, at: Date.now() };
    // $max: a slower walk that saw less never moves the start back (on one store; a lost update
    // on FerretDB only makes the next walk longer).
    await upsertByKey(this.scopes, scope, { $max: { lowestOpen } });
  }
}
