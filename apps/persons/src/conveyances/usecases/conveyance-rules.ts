import {
  type CloudEvent,
  type Conveyance,
  type ConveyanceDraft,
  type ErrorDetail,
  buildEvent,
  conveyanceCreated,
  conveyanceMerged,
  conveyanceUnmerged,
  conveyanceUpdated,
} from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';

import { mergeEventsOf } from '../../records/usecases/record-merges';
import { type ReferenceCodes } from '../../subjects/usecases/ports';
import { conveyanceIssues } from '../domain/conveyance';

/** Checks and events shared by the use cases that write conveyances. */

export function conveyanceNotFound(id: string): ServiceError {
  return ServiceError.notFound(`No conveyance ${id}`);
}

/**
 * Refuses a draft whose identifiers break the domain rules (checked first: no need to ask the
 * reference-data service about a draft refused anyway), then country codes that service does not
 * know, naming each field.
 */
export async function assertValidDraft(
  draft: ConveyanceDraft,
  reference: ReferenceCodes,
): Promise<void> {
  const issues = conveyanceIssues(draft);
  if (issues.length > 0) {
    throw ServiceError.validation('The conveyance has identifiers that are not valid', issues);
  }
  const codes = [
    ...(draft.plateCountry ? [{ path: 'draft.plateCountry', code: draft.plateCountry }] : []),
    ...(draft.flag ? [{ path: 'draft.flag', code: draft.flag }] : []),
  ];
  if (codes.length === 0) return;
  const invalid = await reference.invalidCountries([...new Set(codes.map((c) => c.code))]);
  const details: ErrorDetail[] = codes.flatMap(({ path, code }) => {
    const reason = invalid.get(code);
    return reason === undefined
      ? []
      : [{ path, reason: `${code} is not a valid country: ${reason}`, code: 'unknown_code' }];
  });
  if (details.length > 0) {
    throw ServiceError.validation('The conveyance has country codes that are not valid', details);
  }
}

/** Events carry ids, type, office, version and classification only: never identifiers. */
function eventData(conveyance: Conveyance) {
  return {
    conveyanceId: conveyance.id,
    type: conveyance.type,
    office: conveyance.office,
    version: conveyance.version,
    classification: conveyance.classification,
  };
}

export function conveyanceCreatedEvent(
  conveyance: Conveyance,
  context: RequestContext,
  actor: string,
): CloudEvent {
  return buildEvent(conveyanceCreated, {
    subject: conveyance.id,
    data: eventData(conveyance),
    correlationId: context.correlationId,
    causationId: context.causationId,
    actor,
    time: conveyance.createdAt,
  });
}

export function conveyanceUpdatedEvent(
  conveyance: Conveyance,
  fields: readonly string[],
  context: RequestContext,
  actor: string,
): CloudEvent {
  return buildEvent(conveyanceUpdated, {
    subject: conveyance.id,
    data: { ...eventData(conveyance), fields: [...fields] },
    correlationId: context.correlationId,
    causationId: context.causationId,
    actor,
    time: conveyance.updatedAt,
  });
}

/** The merged / unmerged events of conveyances (see records/usecases/record-merges). */
export const conveyanceMergeEvents = mergeEventsOf<Conveyance>(
  conveyanceMerged,
  conveyanceUnmerged,
);
