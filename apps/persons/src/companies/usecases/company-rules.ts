import {
  type CloudEvent,
  type Company,
  type CompanyDraft,
  type ErrorDetail,
  buildEvent,
  companyCreated,
  companyMerged,
  companyUnmerged,
  companyUpdated,
} from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';

import { mergeEventsOf } from '../../records/usecases/record-merges';
import { type ReferenceCodes } from '../../subjects/usecases/ports';

/** Checks and events shared by the use cases that write companies. */

export function companyNotFound(id: string): ServiceError {
  return ServiceError.notFound(`No company ${id}`);
}

/** Refuses country codes the reference-data service does not know, naming each field. */
export async function assertKnownCountries(
  draft: CompanyDraft,
  reference: ReferenceCodes,
): Promise<void> {
  const codes = [
    { path: 'draft.country', code: draft.country },
    ...draft.addresses.map((address, i) => ({
      path: `draft.addresses.${i}.country`,
      code: address.country,
    })),
  ];
  const invalid = await reference.invalidCountries([...new Set(codes.map((c) => c.code))]);
  const details: ErrorDetail[] = codes.flatMap(({ path, code }) => {
    const reason = invalid.get(code);
    return reason === undefined
      ? []
      : [{ path, reason: `${code} is not a valid country: ${reason}`, code: 'unknown_code' }];
  });
  if (details.length > 0) {
    throw ServiceError.validation('The company has country codes that are not valid', details);
  }
}

/** Events carry ids, office, version and classification only: never names or numbers. */
function eventData(company: Company) {
  return {
    companyId: company.id,
    office: company.office,
    version: company.version,
    classification: company.classification,
  };
}

export function companyCreatedEvent(
  company: Company,
  context: RequestContext,
  actor: string,
): CloudEvent {
  return buildEvent(companyCreated, {
    subject: company.id,
    data: eventData(company),
    correlationId: context.correlationId,
    causationId: context.causationId,
    actor,
    time: company.createdAt,
  });
}

export function companyUpdatedEvent(
  company: Company,
  fields: readonly string[],
  context: RequestContext,
  actor: string,
): CloudEvent {
  return buildEvent(companyUpdated, {
    subject: company.id,
    data: { ...eventData(company), fields: [...fields] },
    correlationId: context.correlationId,
    causationId: context.causationId,
    actor,
    time: company.updatedAt,
  });
}

/** The merged / unmerged events of companies (see records/usecases/record-merges). */
export const companyMergeEvents = mergeEventsOf<Company>(companyMerged, companyUnmerged);
