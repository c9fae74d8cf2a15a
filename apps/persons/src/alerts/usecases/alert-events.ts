import {
  type Alert,
  type CloudEvent,
  alertExpired,
  alertRaised,
  alertUpdated,
  alertWithdrawn,
  buildEvent,
  watchlistHit,
} from '@opencen/contracts';

/** Who caused an event: the principal's `sub` (or the service for its own jobs) and the request. */
export interface EventCause {
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId?: string;
}

/** Events carry ids, office, officer, category and dates only: never reasons or instructions. */
function eventData(alert: Alert) {
  return {
    alertId: alert.id,
    subjectType: alert.subject.subjectType,
    subjectId: alert.subject.subjectId,
    category: alert.category,
    validFrom: alert.validFrom,
    validTo: alert.validTo,
    ownerOffice: alert.ownerOffice,
    ownerOfficer: alert.ownerOfficer,
    version: alert.version,
  };
}

function envelope(alert: Alert, cause: EventCause) {
  return {
    subject: alert.id,
    correlationId: cause.correlationId,
    causationId: cause.causationId,
    actor: cause.actor,
    time: alert.updatedAt,
  };
}

export function alertRaisedEvent(alert: Alert, cause: EventCause): CloudEvent {
  return buildEvent(alertRaised, { ...envelope(alert, cause), data: eventData(alert) });
}

export function alertUpdatedEvent(
  alert: Alert,
  fields: readonly string[],
  cause: EventCause,
): CloudEvent {
  return buildEvent(alertUpdated, {
    ...envelope(alert, cause),
    data: { ...eventData(alert), fields: [...fields] },
  });
}

export function alertExpiredEvent(alert: Alert, cause: EventCause): CloudEvent {
  return buildEvent(alertExpired, { ...envelope(alert, cause), data: eventData(alert) });
}

export function alertWithdrawnEvent(alert: Alert, cause: EventCause): CloudEvent {
  return buildEvent(alertWithdrawn, { ...envelope(alert, cause), data: eventData(alert) });
}

export function watchlistHitEvent(
  alert: Alert,
  caseId: string,
  at: Date,
  cause: EventCause,
): CloudEvent {
  return buildEvent(watchlistHit, {
    subject: alert.id,
    correlationId: cause.correlationId,
    causationId: cause.causationId,
    actor: cause.actor,
    time: at,
    data: {
      alertId: alert.id,
      subjectType: alert.subject.subjectType,
      subjectId: alert.subject.subjectId,
      caseId,
      ownerOffice: alert.ownerOffice,
      ownerOfficer: alert.ownerOfficer,
    },
  });
}
