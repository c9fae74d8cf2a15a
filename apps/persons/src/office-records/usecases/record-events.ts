import {
  type CloudEvent,
  type EventContract,
  type SubjectType,
  buildEvent,
} from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { type OfficeRecord } from '../domain/office-record';
import { type RecordKind } from '../domain/record-kind';
import { type MergeRecord } from '../domain/record-merge';

/** The events of one kind of record, built from its contracts; each carries the caller's context. */
export interface RecordEvents<R> {
  created(record: R, context: RequestContext, actor: string): CloudEvent;
  updated(record: R, fields: readonly string[], context: RequestContext, actor: string): CloudEvent;
  /** Stored with the merged record's pointer: published once that write is kept. */
  merged(
    survivor: R,
    merged: R,
    mergeId: string,
    context: RequestContext,
    actor: string,
  ): CloudEvent;
  /** Stored with the restored record. */
  unmerged(
    survivor: R,
    restored: R,
    mergeId: string,
    context: RequestContext,
    actor: string,
  ): CloudEvent;
}

function eventOf(
  contract: EventContract,
  subject: string,
  data: Record<string, unknown>,
  time: string,
  context: RequestContext,
  actor: string,
): CloudEvent {
  return buildEvent(contract, {
    subject,
    data,
    correlationId: context.correlationId,
    causationId: context.causationId,
    actor,
    time,
  });
}

/**
 * The events of a kind. Created and updated carry what the kind's `eventData` says (ids, office,
 * version, classification: never names or numbers); merged and unmerged say only which record now
 * stands for which.
 */
export function recordEvents<R extends OfficeRecord<M>, D extends object, M extends MergeRecord>(
  kind: RecordKind<SubjectType, R, D, M>,
): RecordEvents<R> {
  const merge =
    (contract: EventContract) =>
    (survivor: R, other: R, mergeId: string, context: RequestContext, actor: string) =>
      eventOf(
        contract,
        other.id,
        {
          mergeId,
          survivorId: survivor.id,
          mergedId: other.id,
          office: survivor.office,
          mergedOffice: other.office,
        },
        other.updatedAt,
        context,
        actor,
      );
  return {
    created: (record, context, actor) =>
      eventOf(
        kind.events.created,
        record.id,
        kind.eventData(record),
        record.createdAt,
        context,
        actor,
      ),
    updated: (record, fields, context, actor) =>
      eventOf(
        kind.events.updated,
        record.id,
        { ...kind.eventData(record), fields: [...fields] },
        record.updatedAt,
        context,
        actor,
      ),
    merged: merge(kind.events.merged),
    unmerged: merge(kind.events.unmerged),
  };
}
