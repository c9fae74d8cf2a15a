import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type Person,
  type PersonMerge,
  type mergePersons,
  type unmergePersons,
} from '@opencen/contracts';
import { type RequestContext, assertVersion, ServiceError } from '@opencen/nest-kit';

import {
  MergeRefused,
  assertMayMerge as mayMerge,
  assertMergeable as mergeable,
  combine as combined,
  revert as reverted_,
  withMergeState,
} from '../domain/merge';
import { changedFields, draftOf } from '../domain/person';
import { personNotFound } from './person-checks';
import { personMergedEvent, personUnmergedEvent } from './person-events';
import { Clock, PersonIds, PersonRepository } from './ports';

/** The domain's refusals as the replies the caller gets. */
function answering<A extends unknown[], R>(rule: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    try {
      return rule(...args);
    } catch (error) {
      if (!(error instanceof MergeRefused)) throw error;
      switch (error.code) {
        case 'UNAUTHENTICATED':
          throw ServiceError.unauthenticated(error.message);
        case 'FORBIDDEN':
          throw ServiceError.forbidden(error.message);
        case 'VALIDATION_FAILED':
          throw ServiceError.validation(error.message, error.details);
        case 'CONFLICT':
          throw ServiceError.conflict(error.message, error.details);
        case 'NOT_FOUND':
          throw ServiceError.notFound(error.message);
      }
    }
  };
}
const assertMayMerge = answering(mayMerge);
const assertMergeable = answering(mergeable);
const combine = answering(combined);
const revert = answering(reverted_);

export type MergePersonsCommand = HandlerRequestOf<typeof mergePersons> & {
  readonly context: RequestContext;
};
export type UnmergePersonsCommand = HandlerRequestOf<typeof unmergePersons> & {
  readonly context: RequestContext;
};

/**
 * Without multi-document transactions a merge is three single-document writes, each guarded by the
 * version of its document, in an order that leaves every interruption detectable and completable:
 *
 * 1. the survivor gains the merged person's details and the merge record, `pending`;
 * 2. the merged person is marked `mergedInto`, with the `merged` event in its outbox: the commit
 *    point (the event is published once, and only for a merge that happened);
 * 3. the survivor's merge record becomes `done`.
 *
 * A retry of the same request (same ids and versions) after an interruption finds the pending
 * record and completes steps 2 and 3. If the merged person changed between the read and step 2,
 * step 1 is compensated (the survivor reverted, the record `undone`) and the reply is CONFLICT.
 * Undo runs the same way: survivor reverted (`undoing`), merged person restored with the
 * `unmerged` event, record `undone`.
 */
@Injectable()
export class MergePersons {
  constructor(
    private readonly persons: PersonRepository,
    private readonly clock: Clock,
    private readonly ids: PersonIds,
  ) {}

  async execute(command: MergePersonsCommand): Promise<HandlerReplyOf<typeof mergePersons>> {
    const survivor = await this.find(command.survivorId);
    const merged = await this.find(command.mergedId);
    const actor = assertMayMerge(command.context.principal, survivor, merged);
    const retried = survivor.merges?.find(
      (merge) =>
        merge.mergedId === merged.id &&
        merge.survivorVersion === command.survivorVersion &&
        merge.mergedVersion === command.mergedVersion &&
        (merge.state === 'pending' || merge.state === 'done'),
    );
    if (retried) return this.complete(survivor, merged, retried, command.context, actor.sub);
    assertMergeable(survivor, merged);
    assertVersion('Person', survivor, command.survivorVersion);
    assertVersion('Person', merged, command.mergedVersion);
    const at = this.clock.now();
    const mergeId = this.ids.next();
    const next = combine(survivor, merged, { mergeId, at: at.toISOString(), by: actor.sub });
    const fields = [...changedFields(draftOf(survivor), draftOf(next)), 'merges'];
    await this.persons.update(
      next,
      survivor.version,
      { version: next.version, at, by: actor.sub, change: 'merged', fields },
      [],
    );
    const record = next.merges!.find((merge) => merge.mergeId === mergeId)!;
    return this.complete(next, merged, record, command.context, actor.sub);
  }

  /** Steps 2 and 3, each skipped when already done. */
  private async complete(
    survivor: Person,
    merged: Person,
    record: PersonMerge,
    context: RequestContext,
    actor: string,
  ): Promise<Person> {
    const at = this.clock.now();
    if (merged.mergedInto !== survivor.id) {
      if (merged.mergedInto !== undefined || merged.version !== record.mergedVersion) {
        await this.compensate(survivor, record, actor);
        throw ServiceError.conflict(`Person ${merged.id} was changed during the merge`, [
          {
            path: 'mergedVersion',
            reason: `expected version ${record.mergedVersion} but it is now ${merged.version}; reload and merge again`,
            code: 'stale_version',
          },
        ]);
      }
      const marked: Person = {
        ...merged,
        mergedInto: survivor.id,
        updatedAt: at.toISOString(),
        updatedBy: actor,
        version: merged.version + 1,
      };
      try {
        await this.persons.update(
          marked,
          merged.version,
          { version: marked.version, at, by: actor, change: 'merged', fields: ['mergedInto'] },
          [personMergedEvent(survivor, marked, record.mergeId, context, actor)],
        );
      } catch (error) {
        if ((error as { code?: string }).code === 'CONFLICT') {
          await this.compensate(survivor, record, actor);
        }
        throw error;
      }
    }
    if (record.state === 'done') return survivor;
    const done = withMergeState(survivor, record.mergeId, 'done', {
      at: at.toISOString(),
      by: actor,
    });
    await this.persons.update(
      done,
      survivor.version,
      { version: done.version, at, by: actor, change: 'merged', fields: ['merges'] },
      [],
    );
    return done;
  }

  /** Takes step 1 back: the survivor without what the merge added, the record `undone`. */
  private async compensate(survivor: Person, record: PersonMerge, actor: string): Promise<void> {
    const at = this.clock.now();
    const input = { at: at.toISOString(), by: actor };
    const reverted = withMergeState(
      revert(survivor, record.mergeId, input),
      record.mergeId,
      'undone',
      input,
    );
    await this.persons.update(
      { ...reverted, version: survivor.version + 1 },
      survivor.version,
      {
        version: survivor.version + 1,
        at,
        by: actor,
        change: 'unmerged',
        fields: [...changedFields(draftOf(survivor), draftOf(reverted)), 'merges'],
      },
      [],
    );
  }

  private async find(id: string): Promise<Person> {
    const person = await this.persons.findById(id);
    if (!person) throw personNotFound(id);
    return person;
  }
}

/** Undoes a merge from the recorded snapshot, in the same careful order (see MergePersons). */
@Injectable()
export class UnmergePersons {
  constructor(
    private readonly persons: PersonRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: UnmergePersonsCommand): Promise<HandlerReplyOf<typeof unmergePersons>> {
    const survivor = await this.persons.findById(command.survivorId);
    if (!survivor) throw personNotFound(command.survivorId);
    const record = survivor.merges?.find((merge) => merge.mergeId === command.mergeId);
    if (!record)
      throw ServiceError.notFound(`No merge ${command.mergeId} on person ${survivor.id}`);
    const merged = await this.persons.findById(record.mergedId);
    if (!merged) throw personNotFound(record.mergedId);
    const actor = assertMayMerge(command.context.principal, survivor, merged);
    const retried =
      (record.state === 'undoing' || record.state === 'undone') &&
      record.undoVersion === command.survivorVersion;
    if (retried) return this.complete(survivor, merged, record, command.context, actor.sub);
    assertVersion('Person', survivor, command.survivorVersion);
    const at = this.clock.now();
    const reverted = revert(survivor, record.mergeId, { at: at.toISOString(), by: actor.sub });
    const fields = [...changedFields(draftOf(survivor), draftOf(reverted)), 'merges'];
    await this.persons.update(
      reverted,
      survivor.version,
      { version: reverted.version, at, by: actor.sub, change: 'unmerged', fields },
      [],
    );
    return this.complete(reverted, merged, record, command.context, actor.sub);
  }

  private async complete(
    survivor: Person,
    merged: Person,
    record: PersonMerge,
    context: RequestContext,
    actor: string,
  ): Promise<HandlerReplyOf<typeof unmergePersons>> {
    const at = this.clock.now();
    let restored = merged;
    if (merged.mergedInto === survivor.id) {
      const { mergedInto: _mergedInto, ...rest } = merged;
      restored = {
        ...rest,
        updatedAt: at.toISOString(),
        updatedBy: actor,
        version: merged.version + 1,
      };
      await this.persons.update(
        restored,
        merged.version,
        { version: restored.version, at, by: actor, change: 'unmerged', fields: ['mergedInto'] },
        [personUnmergedEvent(survivor, restored, record.mergeId, context, actor)],
      );
    }
    const current = survivor.merges?.find((merge) => merge.mergeId === record.mergeId);
    if (current?.state === 'undone') return { survivor, restored };
    const done = withMergeState(survivor, record.mergeId, 'undone', {
      at: at.toISOString(),
      by: actor,
    });
    await this.persons.update(
      done,
      survivor.version,
      { version: done.version, at, by: actor, change: 'unmerged', fields: ['merges'] },
      [],
    );
    return { survivor: done, restored };
  }
}
