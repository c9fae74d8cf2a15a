import {
  type CloudEvent,
  type Person,
  buildEvent,
  personCreated,
  personMerged,
  personUnmerged,
  personUpdated,
} from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

/** Events carry ids, office, version and classification only: never names or documents. */
function eventData(person: Person) {
  return {
    personId: person.id,
    office: person.office,
    version: person.version,
    classification: person.classification,
  };
}

export function personCreatedEvent(
  person: Person,
  context: RequestContext,
  actor: string,
): CloudEvent {
  return buildEvent(personCreated, {
    subject: person.id,
    data: eventData(person),
    correlationId: context.correlationId,
    causationId: context.causationId,
    actor,
    time: person.createdAt,
  });
}

export function personUpdatedEvent(
  person: Person,
  fields: readonly string[],
  context: RequestContext,
  actor: string,
): CloudEvent {
  return buildEvent(personUpdated, {
    subject: person.id,
    data: { ...eventData(person), fields: [...fields] },
    correlationId: context.correlationId,
    causationId: context.causationId,
    actor,
    time: person.updatedAt,
  });
}

/** Which person now stands for which; non-nominal like every person event. */
function mergeEventData(survivor: Person, merged: Person, mergeId: string) {
  return {
    mergeId,
    survivorId: survivor.id,
    mergedId: merged.id,
    office: survivor.office,
    mergedOffice: merged.office,
  };
}

/** Stored with the merged person's pointer: published once the merge is complete. */
export function personMergedEvent(
  survivor: Person,
  merged: Person,
  mergeId: string,
  context: RequestContext,
  actor: string,
): CloudEvent {
  return buildEvent(personMerged, {
    subject: merged.id,
    data: mergeEventData(survivor, merged, mergeId),
    correlationId: context.correlationId,
    causationId: context.causationId,
    actor,
    time: merged.updatedAt,
  });
}

/** Stored with the restored person: published once it is a person of its own again. */
export function personUnmergedEvent(
  survivor: Person,
  restored: Person,
  mergeId: string,
  context: RequestContext,
  actor: string,
): CloudEvent {
  return buildEvent(personUnmerged, {
    subject: restored.id,
    data: mergeEventData(survivor, restored, mergeId),
    correlationId: context.correlationId,
    causationId: context.causationId,
    actor,
    time: restored.updatedAt,
  });
}
