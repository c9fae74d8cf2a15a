import { type Principal, type SubjectType } from '@opencen/contracts';
import {
  type Clock,
  type IdGenerator,
  type RequestContext,
  assertVersion,
  changedFields,
  draftPart,
  ServiceError,
} from '@opencen/nest-kit';

import { type OfficeRecord } from '../domain/office-record';
import { type RecordKind } from '../domain/record-kind';
import {
  type MergeKind,
  type MergeRecord,
  assertMayMerge,
  assertMergeable,
  combine,
  revert,
  labelOf,
  withMergeState,
} from '../domain/record-merge';
import { readableRecord } from './record-checks';
import { type RecordEvents, recordEvents } from './record-events';
import { type RecordStore } from './ports';

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
export class RecordMerges<R extends OfficeRecord<M>, D extends object, M extends MergeRecord> {
  private readonly label: string;
  private readonly kind: MergeKind<R, M>;
  private readonly events: RecordEvents<R>;

  constructor(
    private readonly record: RecordKind<SubjectType, R, D, M>,
    private readonly store: RecordStore<R>,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {
    this.kind = record.merge;
    this.label = labelOf(record.noun);
    this.events = recordEvents(record);
  }

  async merge(command: MergeCommand): Promise<R> {
    const reader = command.context.principal;
    const survivor = await this.find(command.survivorId, reader);
    const merged = await this.find(command.mergedId, reader);
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
    const at = this.clock.now();
    const mergeId = this.ids.next();
    const next = combine(this.kind, survivor, merged, {
      mergeId,
      at: at.toISOString(),
      by: actor.sub,
    });
    await this.writeSurvivor(survivor, next, 'merged', at, actor.sub);
    const record = next.merges!.find((merge) => merge.mergeId === mergeId)!;
    return this.completeMerge(next, merged, record, command.context, actor.sub);
  }

  async unmerge(command: UnmergeCommand): Promise<{ survivor: R; restored: R }> {
    const reader = command.context.principal;
    const survivor = await this.find(command.survivorId, reader);
    const record = survivor.merges?.find((merge) => merge.mergeId === command.mergeId);
    if (!record) {
      throw ServiceError.notFound(
        `No merge ${command.mergeId} on ${this.kind.noun} ${survivor.id}`,
      );
    }
    const merged = await this.find(record.mergedId, reader);
    const actor = assertMayMerge(this.kind.noun, command.context.principal, survivor, merged);
    const retried =
      (record.state === 'undoing' || record.state === 'undone') &&
      record.undoVersion === command.survivorVersion;
    if (retried) return this.completeUnmerge(survivor, merged, record, command.context, actor.sub);
    assertVersion(this.label, survivor, command.survivorVersion);
    const at = this.clock.now();
    const next = revert(this.kind, survivor, record.mergeId, {
      at: at.toISOString(),
      by: actor.sub,
    });
    await this.writeSurvivor(survivor, next, 'unmerged', at, actor.sub);
    return this.completeUnmerge(next, merged, record, command.context, actor.sub);
  }

  /** The first write of a merge or of its undo: the survivor, with the fields it changed. */
  private writeSurvivor(
    before: R,
    next: R,
    change: 'merged' | 'unmerged',
    at: Date,
    by: string,
  ): Promise<void> {
    const fields = [...this.changedFields(before, next), 'merges'];
    return this.store.update(
      next,
      before.version,
      { version: next.version, at, by, change, fields },
      [],
    );
  }

  /** Merge steps 2 and 3, each skipped when already done. */
  private async completeMerge(
    survivor: R,
    merged: R,
    record: M,
    context: RequestContext,
    actor: string,
  ): Promise<R> {
    const at = this.clock.now();
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
        await this.store.update(
          marked,
          merged.version,
          { version: marked.version, at, by: actor, change: 'merged', fields: ['mergedInto'] },
          [this.events.merged(survivor, marked, record.mergeId, context, actor)],
        );
      } catch (error) {
        if ((error as { code?: string }).code === 'CONFLICT') {
          await this.compensate(survivor, record, actor);
        }
        throw error;
      }
    }
    if (record.state === 'done') return survivor;
    return this.markMerge(survivor, record.mergeId, 'done', at, actor);
  }

  /** The last step of a merge or of its undo: the survivor's record of it marked `state`. */
  private async markMerge(
    survivor: R,
    mergeId: string,
    state: 'done' | 'undone',
    at: Date,
    actor: string,
  ): Promise<R> {
    const marked = withMergeState<R, M>(survivor, mergeId, state, {
      at: at.toISOString(),
      by: actor,
    });
    const change = state === 'done' ? 'merged' : 'unmerged';
    await this.store.update(
      marked,
      survivor.version,
      { version: marked.version, at, by: actor, change, fields: ['merges'] },
      [],
    );
    return marked;
  }

  /** Takes merge step 1 back: the survivor without what the merge added, the record `undone`. */
  private async compensate(survivor: R, record: M, actor: string): Promise<void> {
    const at = this.clock.now();
    const input = { at: at.toISOString(), by: actor };
    const back = withMergeState<R, M>(
      revert(this.kind, survivor, record.mergeId, input),
      record.mergeId,
      'undone',
      input,
    );
    await this.store.update(
      { ...back, version: survivor.version + 1 },
      survivor.version,
      {
        version: survivor.version + 1,
        at,
        by: actor,
        change: 'unmerged',
        fields: [...this.changedFields(survivor, back), 'merges'],
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
    const at = this.clock.now();
    let restored = merged;
    if (merged.mergedInto === survivor.id) {
      const { mergedInto: _mergedInto, ...rest } = merged;
      restored = {
        ...rest,
        updatedAt: at.toISOString(),
        updatedBy: actor,
        version: merged.version + 1,
      } as R;
      await this.store.update(
        restored,
        merged.version,
        { version: restored.version, at, by: actor, change: 'unmerged', fields: ['mergedInto'] },
        [this.events.unmerged(survivor, restored, record.mergeId, context, actor)],
      );
    }
    const current = survivor.merges?.find((merge) => merge.mergeId === record.mergeId);
    if (current?.state === 'undone') return { survivor, restored };
    return {
      survivor: await this.markMerge(survivor, record.mergeId, 'undone', at, actor),
      restored,
    };
  }

  /** A record to merge, if the caller may read it (NOT_FOUND otherwise, as for none). */
  private async find(id: string, reader: Principal | undefined): Promise<R> {
    return readableRecord(this.record.noun, id, reader, await this.store.findById(id));
  }

  /** The top-level draft fields that differ between two states of a record, for its history. */
  private changedFields(before: R, after: R): string[] {
    const fields = this.record.draftFields;
    return changedFields(
      fields,
      draftPart(fields, before as never),
      draftPart(fields, after as never),
    );
  }
}
