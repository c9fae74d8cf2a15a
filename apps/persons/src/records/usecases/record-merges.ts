import { type CloudEvent, buildEvent, type personMerged } from '@opencen/contracts';
import { type RequestContext, assertVersion, ServiceError } from '@opencen/nest-kit';

import { type HistoryEntry } from '../../subjects/domain/person';
import {
  type MergeKind,
  type MergeRecord,
  type MergeableRecord,
  assertMayMerge,
  assertMergeable,
  combine,
  revert,
  withMergeState,
} from '../domain/record-merge';

/** The store of one kind of record, as a merge writes it (each write versioned, with its events). */
export interface MergeStore<R> {
  findById(id: string): Promise<R | null>;
  update(
    record: R,
    expectedVersion: number,
    change: HistoryEntry,
    events: readonly CloudEvent[],
  ): Promise<void>;
}

/** The merged / unmerged events of one kind of record. */
export interface MergeEvents<R> {
  merged(
    survivor: R,
    merged: R,
    mergeId: string,
    context: RequestContext,
    actor: string,
  ): CloudEvent;
  unmerged(
    survivor: R,
    restored: R,
    mergeId: string,
    context: RequestContext,
    actor: string,
  ): CloudEvent;
}

export interface MergeCommand {
  readonly survivorId: string;
  readonly survivorVersion: number;
  readonly mergedId: string;
  readonly mergedVersion: number;
  readonly context: RequestContext;
}

export interface UnmergeCommand {
  readonly survivorId: string;
  readonly survivorVersion: number;
  readonly mergeId: string;
  readonly context: RequestContext;
}

export interface RecordMergesDeps<R> {
  readonly store: MergeStore<R>;
  readonly events: MergeEvents<R>;
  readonly clock: { now(): Date };
  readonly ids: { next(): string };
  readonly notFound: (id: string) => Error;
  /** The top-level fields that differ between two states of a record, for its history. */
  readonly changedFields: (before: R, after: R) => string[];
}

/**
 * The one merge mechanism of this service, for persons, companies and conveyances alike.
 *
 * Without multi-document transactions a merge is three single-document writes, each guarded by the
 * version of its document, in an order that leaves every interruption detectable and completable:
 *
 * 1. the survivor gains the merged record's details and the merge record, `pending`;
 * 2. the merged record is marked `mergedInto`, with the `merged` event in its outbox: the commit
 *    point (the event is published once, and only for a merge that happened);
 * 3. the survivor's merge record becomes `done`.
 *
 * A retry of the same request (same ids and versions) after an interruption finds the pending
 * record and completes steps 2 and 3. If the merged record changed between the read and step 2,
 * step 1 is compensated (the survivor reverted, the record `undone`) and the reply is CONFLICT.
 * Undo runs the same way: survivor reverted (`undoing`), merged record restored with the
 * `unmerged` event, record `undone`; a retry of the same undo completes it.
 */
export class RecordMerges<R extends MergeableRecord<M>, M extends MergeRecord> {
  private readonly label: string;

  constructor(
    private readonly kind: MergeKind<R, M>,
    private readonly deps: RecordMergesDeps<R>,
  ) {
    this.label = kind.noun[0]!.toUpperCase() + kind.noun.slice(1);
  }

  async merge(command: MergeCommand): Promise<R> {
    const survivor = await this.find(command.survivorId);
    const merged = await this.find(command.mergedId);
    const actor = assertMayMerge(this.kind.noun, command.context.principal, survivor, merged);
    const retried = survivor.merges?.find(
      (merge) =>
        merge.mergedId === merged.id &&
        merge.survivorVersion === command.survivorVersion &&
        merge.mergedVersion === command.mergedVersion &&
        (merge.state === 'pending' || merge.state === 'done'),
    );
    if (retried) return this.completeMerge(survivor, merged, retried, command.context, actor.sub);
    assertMergeable(this.kind.noun, survivor, merged);
    assertVersion(this.label, survivor, command.survivorVersion);
    assertVersion(this.label, merged, command.mergedVersion);
    const at = this.deps.clock.now();
    const mergeId = this.deps.ids.next();
    const next = combine(this.kind, survivor, merged, {
      mergeId,
      at: at.toISOString(),
      by: actor.sub,
    });
    const fields = [...this.deps.changedFields(survivor, next), 'merges'];
    await this.deps.store.update(
      next,
      survivor.version,
      { version: next.version, at, by: actor.sub, change: 'merged', fields },
      [],
    );
    const record = next.merges!.find((merge) => merge.mergeId === mergeId)!;
    return this.completeMerge(next, merged, record, command.context, actor.sub);
  }

  async unmerge(command: UnmergeCommand): Promise<{ survivor: R; restored: R }> {
    const survivor = await this.find(command.survivorId);
    const record = survivor.merges?.find((merge) => merge.mergeId === command.mergeId);
    if (!record) {
      throw ServiceError.notFound(
        `No merge ${command.mergeId} on ${this.kind.noun} ${survivor.id}`,
      );
    }
    const merged = await this.find(record.mergedId);
    const actor = assertMayMerge(this.kind.noun, command.context.principal, survivor, merged);
    const retried =
      (record.state === 'undoing' || record.state === 'undone') &&
      record.undoVersion === command.survivorVersion;
    if (retried) return this.completeUnmerge(survivor, merged, record, command.context, actor.sub);
    assertVersion(this.label, survivor, command.survivorVersion);
    const at = this.deps.clock.now();
    const next = revert(this.kind, survivor, record.mergeId, {
      at: at.toISOString(),
      by: actor.sub,
    });
    const fields = [...this.deps.changedFields(survivor, next), 'merges'];
    await this.deps.store.update(
      next,
      survivor.version,
      { version: next.version, at, by: actor.sub, change: 'unmerged', fields },
      [],
    );
    return this.completeUnmerge(next, merged, record, command.context, actor.sub);
  }

  /** Merge steps 2 and 3, each skipped when already done. */
  private async completeMerge(
    survivor: R,
    merged: R,
    record: M,
    context: RequestContext,
    actor: string,
  ): Promise<R> {
    const at = this.deps.clock.now();
    if (merged.mergedInto !== survivor.id) {
      if (merged.mergedInto !== undefined || merged.version !== record.mergedVersion) {
        await this.compensate(survivor, record, actor);
        throw ServiceError.conflict(`${this.label} ${merged.id} was changed during the merge`, [
          {
            path: 'mergedVersion',
            reason: `expected version ${record.mergedVersion} but it is now ${merged.version}; reload and merge again`,
            code: 'stale_version',
          },
        ]);
      }
      const marked: R = {
        ...merged,
        mergedInto: survivor.id,
        updatedAt: at.toISOString(),
        updatedBy: actor,
        version: merged.version + 1,
      };
      try {
        await this.deps.store.update(
          marked,
          merged.version,
          { version: marked.version, at, by: actor, change: 'merged', fields: ['mergedInto'] },
          [this.deps.events.merged(survivor, marked, record.mergeId, context, actor)],
        );
      } catch (error) {
        if ((error as { code?: string }).code === 'CONFLICT') {
          await this.compensate(survivor, record, actor);
        }
        throw error;
      }
    }
    if (record.state === 'done') return survivor;
    const done = withMergeState<R, M>(survivor, record.mergeId, 'done', {
      at: at.toISOString(),
      by: actor,
    });
    await this.deps.store.update(
      done,
      survivor.version,
      { version: done.version, at, by: actor, change: 'merged', fields: ['merges'] },
      [],
    );
    return done;
  }

  /** Takes merge step 1 back: the survivor without what the merge added, the record `undone`. */
  private async compensate(survivor: R, record: M, actor: string): Promise<void> {
    const at = this.deps.clock.now();
    const input = { at: at.toISOString(), by: actor };
    const back = withMergeState<R, M>(
      revert(this.kind, survivor, record.mergeId, input),
      record.mergeId,
      'undone',
      input,
    );
    await this.deps.store.update(
      { ...back, version: survivor.version + 1 },
      survivor.version,
      {
        version: survivor.version + 1,
        at,
        by: actor,
        change: 'unmerged',
        fields: [...this.deps.changedFields(survivor, back), 'merges'],
      },
      [],
    );
  }

  /** Undo steps 2 and 3, each skipped when already done. */
  private async completeUnmerge(
    survivor: R,
    merged: R,
    record: M,
    context: RequestContext,
    actor: string,
  ): Promise<{ survivor: R; restored: R }> {
    const at = this.deps.clock.now();
    let restored = merged;
    if (merged.mergedInto === survivor.id) {
      const { mergedInto: _mergedInto, ...rest } = merged;
      restored = {
        ...rest,
        updatedAt: at.toISOString(),
        updatedBy: actor,
        version: merged.version + 1,
      } as R;
      await this.deps.store.update(
        restored,
        merged.version,
        { version: restored.version, at, by: actor, change: 'unmerged', fields: ['mergedInto'] },
        [this.deps.events.unmerged(survivor, restored, record.mergeId, context, actor)],
      );
    }
    const current = survivor.merges?.find((merge) => merge.mergeId === record.mergeId);
    if (current?.state === 'undone') return { survivor, restored };
    const done = withMergeState<R, M>(survivor, record.mergeId, 'undone', {
      at: at.toISOString(),
      by: actor,
    });
    await this.deps.store.update(
      done,
      survivor.version,
      { version: done.version, at, by: actor, change: 'unmerged', fields: ['merges'] },
      [],
    );
    return { survivor: done, restored };
  }

  private async find(id: string): Promise<R> {
    const record = await this.deps.store.findById(id);
    if (!record) throw this.deps.notFound(id);
    return record;
  }
}

type MergeEventContract = typeof personMerged;

/**
 * The merged / unmerged events of a kind, from its two contracts: non-nominal, which record now
 * stands for which. The merged event is stored with the merged record's pointer, the unmerged one
 * with the restored record, so each is published once its write is kept.
 */
export function mergeEventsOf<R extends MergeableRecord>(
  mergedContract: MergeEventContract,
  unmergedContract: MergeEventContract,
): MergeEvents<R> {
  const build =
    (contract: MergeEventContract) =>
    (survivor: R, other: R, mergeId: string, context: RequestContext, actor: string) =>
      buildEvent(contract, {
        subject: other.id,
        data: {
          mergeId,
          survivorId: survivor.id,
          mergedId: other.id,
          office: survivor.office,
          mergedOffice: other.office,
        },
        correlationId: context.correlationId,
        causationId: context.causationId,
        actor,
        time: other.updatedAt,
      });
  return { merged: build(mergedContract), unmerged: build(unmergedContract) };
}

/** A merged record is edited through its survivor: CONFLICT naming the survivor. */
export function assertNotMerged(label: string, record: MergeableRecord): void {
  if (record.mergedInto === undefined) return;
  throw ServiceError.conflict(`${label} ${record.id} was merged into ${record.mergedInto}`, [
    {
      path: 'id',
      reason: `merged into ${record.mergedInto}; edit that ${label.toLowerCase()}`,
      code: 'merged',
    },
  ]);
}
