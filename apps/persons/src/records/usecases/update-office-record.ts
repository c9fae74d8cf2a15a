import { type CloudEvent } from '@opencen/contracts';
import {
  type RequestContext,
  type ServiceError,
  assertVersion,
  changedFields,
  draftPart,
  type Clock,
} from '@opencen/nest-kit';

import { assertSameOffice, requireWriter } from '../../subjects/usecases/access';
import { type MergeableRecord } from '../domain/record-merge';
import { type MergeStore, assertNotMerged } from './record-merges';

/** The fields every office-owned record keeps through an edit; the rest comes from the draft. */
interface OfficeRecord extends MergeableRecord {
  readonly createdAt: string;
  readonly createdBy: string;
  readonly caseCount: number;
  readonly lastSeenAt?: string;
}

/** What differs between companies and conveyances when an officer edits one. */
export interface OfficeRecordEdits<R extends OfficeRecord, D extends object> {
  /** `Company`, `Conveyance`: how messages name the record. */
  label: string;
  draftFields: readonly (keyof D & string)[];
  store: MergeStore<R>;
  notFound(id: string): ServiceError;
  /** Refuses a draft whose codes or identifiers are wrong, naming the fields. */
  checkDraft(draft: D): Promise<void>;
  updatedEvent(
    record: R,
    fields: readonly string[],
    context: RequestContext,
    actor: string,
  ): CloudEvent;
}

export interface OfficeRecordUpdate<D> {
  readonly id: string;
  readonly version: number;
  readonly draft: D;
  readonly context: RequestContext;
}

/**
 * An officer of the owning office replaces a record's details, from the version they saw. A change
 * that changes nothing stores nothing and emits nothing. The office, the creation stamp, the case
 * counts (written only by the case links) and the merges it survived stay with the record.
 */
export async function updateOfficeRecord<R extends OfficeRecord, D extends object>(
  edits: OfficeRecordEdits<R, D>,
  command: OfficeRecordUpdate<D>,
  clock: Clock,
): Promise<R> {
  const actor = requireWriter(command.context);
  const current = await edits.store.findById(command.id);
  if (!current) throw edits.notFound(command.id);
  assertSameOffice(edits.label, actor, current);
  assertNotMerged(edits.label, current);
  assertVersion(edits.label, current, command.version);
  const fields = changedFields(
    edits.draftFields,
    draftPart(edits.draftFields, current as unknown as D),
    command.draft,
  );
  if (fields.length === 0) return current;
  await edits.checkDraft(command.draft);
  const now = clock.now();
  const next = {
    ...command.draft,
    id: current.id,
    office: current.office,
    createdAt: current.createdAt,
    caseCount: current.caseCount,
    lastSeenAt: current.lastSeenAt,
    createdBy: current.createdBy,
    updatedAt: now.toISOString(),
    updatedBy: actor.sub,
    version: current.version + 1,
    ...(current.merges ? { merges: current.merges } : {}),
  } as unknown as R;
  await edits.store.update(
    next,
    current.version,
    { version: next.version, at: now, by: actor.sub, change: 'updated', fields },
    [edits.updatedEvent(next, fields, command.context, actor.sub)],
  );
  return next;
}
