import { type CloudEvent } from '@opencen/contracts';
import { type Model, type UpdateQuery } from 'mongoose';
import { ServiceError } from '../errors/service-error';
import { withEvents } from '../jetstream/outbox';

/**
 * Optimistic concurrency for one aggregate: applies `update` (and stores `events` in its outbox)
 * only if the stored version is still `expectedVersion`, and bumps the version. A stale write is a
 * CONFLICT naming the field `version`; an unknown id is NOT_FOUND. It runs inside
 * `EventBus.updateVersioned`, whose `storeEvents` holds the document's write lock.
 */
export async function updateVersioned<T extends { version: number }>(
  model: Model<T>,
  id: unknown,
  expectedVersion: number,
  update: UpdateQuery<T>,
  events: readonly CloudEvent<unknown>[] = [],
): Promise<void> {
  const change = withEvents(
    { ...update, $inc: { ...(update.$inc ?? {}), version: 1 } } as UpdateQuery<T>,
    events,
  );
  const result = await model.updateOne({ _id: id, version: expectedVersion } as never, change);
  if (result.matchedCount === 1) return;
  const current = await model.findById(id, { version: 1 }).lean<{ version: number }>();
  if (!current) throw ServiceError.notFound(`No ${model.modelName} with id ${String(id)}`);
  throw staleVersion(`${model.modelName} ${String(id)}`, expectedVersion, current.version);
}

/**
 * The CONFLICT of an update made from an old version: it names the field `version` and says what
 * to do. `what` names the record, e.g. "Person 42".
 */
export function staleVersion(
  what: string,
  expectedVersion: number,
  currentVersion: number,
): ServiceError {
  return ServiceError.conflict(`${what} was changed by someone else`, [
    {
      path: 'version',
      reason: `expected version ${expectedVersion} but it is now ${currentVersion}; reload and apply the change again`,
      code: 'stale_version',
    },
  ]);
}

/**
 * Refuses, before any work, a change made from another version than the record's; `kind` names
 * the record in the message ("Person", "Company"). updateVersioned checks again at the write.
 */
export function assertVersion(
  kind: string,
  record: { id: string; version: number },
  expectedVersion: number,
): void {
  if (record.version !== expectedVersion) {
    throw staleVersion(`${kind} ${record.id}`, expectedVersion, record.version);
  }
}
