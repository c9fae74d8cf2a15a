/**
 * Every request and event contract of the system, in one place: the schema generator publishes
 * from here, and documentation lists from here.
 *
 * Each service's contracts live in their own folder (`src/reference/`, `src/cases/`...) and export
 * arrays that are spread into the lists below.
 */
import { auditRequestContracts } from './auth/audit.contracts';
import { userEventContracts, userRequestContracts } from './auth/user.contracts';
import {
  notificationEventContracts,
  notificationRequestContracts,
} from './notifications/notification.contracts';
import { webhookEventContracts, webhookRequestContracts } from './notifications/webhook.contracts';
import { caseSearchRequestContracts } from './cases/case-search.contracts';
import {
  caseExchangeEventContracts,
  caseExchangeRequestContracts,
} from './cases/case-exchange.contracts';
import { casePhotoEventContracts, casePhotoRequestContracts } from './cases/case-photo.contracts';
import { caseSubjectEventContracts } from './cases/case-subjects.contracts';
import {
  caseWorkflowEventContracts,
  caseWorkflowRequestContracts,
} from './cases/case-workflow.contracts';
import { caseEventContracts, caseRequestContracts } from './cases/case.contracts';
import { type EventContract } from './events';
import { alertEventContracts, alertRequestContracts } from './persons/alert.contracts';
import { companyEventContracts, companyRequestContracts } from './persons/company.contracts';
import {
  conveyanceEventContracts,
  conveyanceRequestContracts,
} from './persons/conveyance.contracts';
import { personEventContracts, personRequestContracts } from './persons/person.contracts';
import {
  referenceEventContracts,
  referenceRequestContracts,
} from './reference/reference.contracts';
import { type RequestContract } from './requests';

/** Every request contract of the system. */
export const requestContracts: readonly RequestContract[] = [
  ...referenceRequestContracts,
  ...personRequestContracts,
  ...companyRequestContracts,
  ...conveyanceRequestContracts,
  ...alertRequestContracts,
  ...caseRequestContracts,
  ...caseWorkflowRequestContracts,
  ...casePhotoRequestContracts,
  ...caseSearchRequestContracts,
  ...caseExchangeRequestContracts,
  ...auditRequestContracts,
  ...userRequestContracts,
  ...notificationRequestContracts,
  ...webhookRequestContracts,
];

/** Every event contract of the system. */
export const eventContracts: readonly EventContract[] = [
  ...referenceEventContracts,
  ...personEventContracts,
  ...companyEventContracts,
  ...conveyanceEventContracts,
  ...alertEventContracts,
  ...caseSubjectEventContracts,
  ...caseEventContracts,
  ...caseWorkflowEventContracts,
  ...casePhotoEventContracts,
  ...caseExchangeEventContracts,
  ...userEventContracts,
  ...notificationEventContracts,
  ...webhookEventContracts,
];

/** A set of contracts with lookups by name. */
export interface Catalog {
  readonly requests: readonly RequestContract[];
  readonly events: readonly EventContract[];
  /** The request contract of a subject such as `cases.case.create`. */
  requestBySubject(subject: string): RequestContract | undefined;
  /** The event contract of a CloudEvents type such as `cases.case.created.v1`. */
  eventByType(type: string): EventContract | undefined;
  /** The event contract of a NATS subject such as `events.cases.case.created.v1`. */
  eventBySubject(subject: string): EventContract | undefined;
}

/**
 * Builds a {@link Catalog}. Throws if two contracts share a subject or an event type, since one of
 * them would silently shadow the other in every lookup and in the generated files.
 */
export function createCatalog(contracts: {
  requests: readonly RequestContract[];
  events: readonly EventContract[];
}): Catalog {
  const requests = indexBy(contracts.requests, (c) => c.subject, 'request subject');
  const eventsByType = indexBy(contracts.events, (c) => c.type, 'event type');
  const eventsBySubject = indexBy(contracts.events, (c) => c.subject, 'event subject');
  return {
    requests: [...contracts.requests],
    events: [...contracts.events],
    requestBySubject: (subject) => requests.get(subject),
    eventByType: (type) => eventsByType.get(type),
    eventBySubject: (subject) => eventsBySubject.get(subject),
  };
}

/** The catalog of the whole system. */
export const catalog: Catalog = createCatalog({
  requests: requestContracts,
  events: eventContracts,
});

function indexBy<T>(items: readonly T[], key: (item: T) => string, what: string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    if (map.has(k)) throw new Error(`Duplicate ${what} in the contract catalog: ${k}`);
    map.set(k, item);
  }
  return map;
}
