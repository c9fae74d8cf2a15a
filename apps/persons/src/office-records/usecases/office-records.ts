import {
  type Classification,
  type Principal,
  type RecordHistory,
  type SubjectType,
  mayRead,
  readableClassifications,
} from '@opencen/contracts';
import {
  type Clock,
  type IdGenerator,
  type RequestContext,
  assertVersion,
  assertWithinClearance,
  changedFields,
  draftPart,
  givenFields,
} from '@opencen/nest-kit';

import { type OfficeRecord } from '../domain/office-record';
import { type RecordKind } from '../domain/record-kind';
import { type MergeRecord, labelOf } from '../domain/record-merge';
import { assertSameOffice, requireReader, requireWriter } from './access';
import { type ReferenceCodes, type RecordStore } from './ports';
import { assertNotMerged, assertValidDraft, readableRecord, resolveMerged } from './record-checks';
import { type RecordEvents, recordEvents } from './record-events';
import { type MergeCommand, RecordMerges, type UnmergeCommand } from './record-merges';

/** A candidate a create shows: a known record that may be the one the draft describes. */
export interface Candidate {
  readonly strength: string;
}

/**
 * How a kind finds the known records a draft may describe, best first; only those the `reader`
 * may read (a record above their clearance is never a candidate).
 */
export interface CandidateRule<D, C extends Candidate> {
  find(draft: D, limit: number, reader: Principal): Promise<C[]>;
}

/** How many candidates a create returns at most. */
const CREATE_CANDIDATES = 10;

export interface CreateRecordCommand<D> {
  readonly draft: D;
  readonly confirmedNew: boolean;
  readonly context: RequestContext;
}

/** `{ outcome: 'created', company, candidates }`: the record under its kind's name. */
export type CreateRecordReply<N extends string, R, C> =
  | { outcome: 'candidates'; candidates: C[] }
  | ({ outcome: 'created'; candidates: C[] } & { [K in N]: R });

export interface RecordIdCommand {
  readonly id: string;
  readonly context: RequestContext;
}

export interface UpdateRecordCommand<D> {
  readonly id: string;
  readonly version: number;
  readonly draft: D;
  readonly context: RequestContext;
}

/**
 * The use cases every office-owned record has, whatever its kind: create (with its candidates),
 * get, update, history, merge and unmerge. A kind's class extends this with its description
 * (domain/record-kind), its store and its candidate rule, and adds its own searches.
 *
 * Who may: anyone with `recordReaders` reads; `recordWriters` with an office create, and edit the
 * records of their own office; merges follow the merge rules (domain/record-merge).
 */
export class OfficeRecords<
  N extends SubjectType,
  R extends OfficeRecord<M>,
  D extends { readonly classification: string },
  M extends MergeRecord,
  C extends Candidate,
> {
  private readonly label: string;
  private readonly events: RecordEvents<R>;
  private readonly merges: RecordMerges<R, D, M>;

  constructor(
    protected readonly kind: RecordKind<N, R, D, M>,
    protected readonly store: RecordStore<R>,
    private readonly candidates: CandidateRule<D, C>,
    private readonly reference: ReferenceCodes,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {
    this.label = labelOf(kind.noun);
    this.events = recordEvents(kind);
    this.merges = new RecordMerges(kind, store, clock, ids);
  }

  /**
   * An officer records a new one. When a known record is strongly like it, nothing is recorded and
   * the candidates are the reply, unless the officer has seen them and confirms this is another
   * one: records are never merged silently.
   */
  async create(command: CreateRecordCommand<D>): Promise<CreateRecordReply<N, R, C>> {
    const actor = requireWriter(command.context);
    assertWithinClearance(actor, command.draft.classification, 'draft.classification');
    await assertValidDraft(this.kind, command.draft, this.reference);
    const id = this.ids.next();
    if (this.ids.repeatsEarlierRun()) {
      // The first run of this Idempotency-Key request may have stored the record before it died
      // (its candidates are not searched again: the record would now be one of them).
      const stored = await this.store.findById(id);
      if (stored) {
        return {
          outcome: 'created',
          [this.kind.noun]: stored,
          candidates: [],
        } as CreateRecordReply<N, R, C>;
      }
    }
    const candidates = await this.candidates.find(command.draft, CREATE_CANDIDATES, actor);
    if (!command.confirmedNew && candidates.some((c) => c.strength === 'strong')) {
      return { outcome: 'candidates', candidates };
    }
    const now = this.clock.now();
    const at = now.toISOString();
    const record = this.kind.build(command.draft, {
      id,
      office: actor.office,
      createdAt: at,
      createdBy: actor.sub,
      updatedAt: at,
      updatedBy: actor.sub,
      version: 1,
      caseCount: 0,
    });
    await this.store.insert(
      record,
      {
        version: 1,
        at: now,
        by: actor.sub,
        change: 'created',
        fields: givenFields(this.kind.draftFields, command.draft),
      },
      [this.events.created(record, command.context, actor.sub)],
    );
    return { outcome: 'created', [this.kind.noun]: record, candidates } as CreateRecordReply<
      N,
      R,
      C
    >;
  }

  /**
   * A record; the id of a merged one answers with its survivor (`resolvedFrom`). One above the
   * caller's clearance is NOT_FOUND, as one that does not exist.
   */
  async get(command: RecordIdCommand): Promise<R> {
    const reader = requireReader(command.context);
    const record = await resolveMerged((id) => this.store.findById(id), command.id, this.kind.noun);
    return readableRecord(this.kind.noun, command.id, reader, record);
  }

  /**
   * An officer of the owning office replaces a record's details, from the version they saw. A
   * change that changes nothing stores nothing and emits nothing. The office, the creation stamp,
   * the case counts (written only by the case links) and the merges it survived stay with it.
   */
  async update(command: UpdateRecordCommand<D>): Promise<R> {
    const actor = requireWriter(command.context);
    const current = readableRecord(
      this.kind.noun,
      command.id,
      actor,
      await this.store.findById(command.id),
    );
    assertSameOffice(this.label, actor, current);
    assertNotMerged(this.kind.noun, current);
    assertVersion(this.label, current, command.version);
    const fields = changedFields(
      this.kind.draftFields,
      draftPart(this.kind.draftFields, current as unknown as D),
      command.draft,
    );
    if (fields.length === 0) return current;
    assertWithinClearance(actor, command.draft.classification, 'draft.classification');
    await assertValidDraft(this.kind, command.draft, this.reference);
    const now = this.clock.now();
    const built = this.kind.build(command.draft, {
      id: current.id,
      office: current.office,
      createdAt: current.createdAt,
      createdBy: current.createdBy,
      updatedAt: now.toISOString(),
      updatedBy: actor.sub,
      version: current.version + 1,
      caseCount: current.caseCount,
      lastSeenAt: current.lastSeenAt,
    });
    const next = current.merges ? { ...built, merges: current.merges } : built;
    await this.store.update(
      next,
      current.version,
      { version: next.version, at: now, by: actor.sub, change: 'updated', fields },
      [this.events.updated(next, fields, command.context, actor.sub)],
    );
    return next;
  }

  /** Every change of a record, oldest first: who (principal id), when, which version, which fields. */
  async history(command: RecordIdCommand): Promise<RecordHistory> {
    const reader = requireReader(command.context);
    // One read: the history with the classification it is read under.
    const history = readableRecord(
      this.kind.noun,
      command.id,
      reader,
      await this.store.history(command.id),
    );
    return {
      changes: history.entries.map((entry) => ({
        version: entry.version,
        at: entry.at.toISOString(),
        by: entry.by,
        change: entry.change,
        fields: [...entry.fields],
      })),
    };
  }

  /** Merges one record into another; how an interruption is completed: RecordMerges. */
  merge(command: MergeCommand): Promise<R> {
    return this.merges.merge(command);
  }

  /** Undoes a merge from what it recorded, in the same careful order. */
  unmerge(command: UnmergeCommand): Promise<{ survivor: R; restored: R }> {
    return this.merges.unmerge(command);
  }
}

/** A candidate found by a key in common: the kind's rules say how strong, and why. */
export type KeyedCandidate<N extends string, R> = {
  strength: 'strong' | 'possible';
  reasons: string[];
} & { [K in N]: R };

/**
 * The candidate rule of kinds found by exact keys (companies, conveyances): the known records
 * sharing a key with the draft, compared by the kind's rules; strong ones first, then those with
 * more reasons, then by id.
 */
export function keyedCandidates<
  N extends string,
  R extends { id: string; classification: string },
  D,
>(
  noun: N,
  rules: {
    /** The keys a draft's duplicates are found by. */
    keys(draft: D): readonly string[];
    /** Known records sharing at least one key, of the `readable` classifications, at most `limit`. */
    find(keys: readonly string[], limit: number, readable: readonly Classification[]): Promise<R[]>;
    /** Whether a known record may be the one the draft describes, and why; null when not. */
    compare(draft: D, known: R): { strength: 'strong' | 'possible'; reasons: string[] } | null;
  },
  maxScored: number,
): CandidateRule<D, KeyedCandidate<N, R>> {
  return {
    async find(draft, limit, reader) {
      const keys = rules.keys(draft);
      if (keys.length === 0) return [];
      const found = await rules.find(keys, maxScored, readableClassifications(reader));
      // The index may lag a reclassification: the store's classification decides.
      return found
        .filter((known) => mayRead(reader, known.classification))
        .flatMap((known) => {
          const match = rules.compare(draft, known);
          return match ? [{ ...match, known }] : [];
        })
        .sort(
          (a, b) =>
            Number(b.strength === 'strong') - Number(a.strength === 'strong') ||
            b.reasons.length - a.reasons.length ||
            a.known.id.localeCompare(b.known.id),
        )
        .slice(0, limit)
        .map(({ known, ...match }) => ({ ...match, [noun]: known }) as KeyedCandidate<N, R>);
    },
  };
}
