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

import { mergeEventsOf } from '../../records/usecases/record-merges';

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

/** The merged / unmerged events of persons (see records/usecases/record-merges). */
export const personMergeEvents = mergeEventsOf<Person>(personMerged, personUnmerged);
