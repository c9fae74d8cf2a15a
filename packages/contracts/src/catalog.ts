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
import {
  conversationEventContracts,
  conversationRequestContracts,
} from './notifications/conversation.contracts';
import { ruleConsumerContracts } from './notifications/rule.consumers';
import { ruleEventContracts, ruleRequestContracts } from './notifications/rule.contracts';
import { webhookEventContracts, webhookRequestContracts } from './notifications/webhook.contracts';
import { caseSearchRequestContracts } from './cases/case-search.contracts';
import { caseLinksRequestContracts } from './cases/case-links.contracts';
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
import { caseConsumerContracts } from './cases/case.consumers';
import { type ConsumerContract, defineConsumer } from './consumers';
import { type EventContract } from './events';
import { notificationConsumerContracts } from './notifications/notification.consumers';
import { conversationConsumerContracts } from './notifications/conversation.consumers';
import { personConsumerContracts } from './persons/person.consumers';
import { alertEventContracts, alertRequestContracts } from './persons/alert.contracts';
import { companyEventContracts, companyRequestContracts } from './persons/company.contracts';
import {
  conveyanceEventContracts,
  conveyanceRequestContracts,
} from './persons/conveyance.contracts';
import { personEventContracts, personRequestContracts } from './persons/person.contracts';
import { savedSearchRequestContracts } from './persons/saved-search.contracts';
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
  ...savedSearchRequestContracts,
  ...caseRequestContracts,
  ...caseWorkflowRequestContracts,
  ...casePhotoRequestContracts,
  ...caseSearchRequestContracts,
  ...caseLinksRequestContracts,
  ...caseExchangeRequestContracts,
  ...auditRequestContracts,
  ...userRequestContracts,
  ...notificationRequestContracts,
  ...conversationRequestContracts,
  ...ruleRequestContracts,
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
  ...conversationEventContracts,
  ...ruleEventContracts,
  ...webhookEventContracts,
];

/**
 * The notifications service's webhooks read every event of the other services (the events a
 * webhook subscription may name) to match it against the external systems' subscriptions.
 */
export const notificationsWebhooksConsumer = defineConsumer({
  service: 'notifications',
  purpose: 'webhooks',
  description:
    "Matches every other service's event against the external systems' webhook subscriptions " +
    'and queues a signed delivery for each match.',
  events: eventContracts.filter((contract) => contract.service !== 'notifications'),
});

/**
 * Every declared durable consumer of the domain events. Not listed: each service's search
 * projections (they read its own events to index them) and the auth service's audit trail, which
 * reads every event of a kind that holds personal data.
 */
export const consumerContracts: readonly ConsumerContract[] = [
  ...caseConsumerContracts,
  ...personConsumerContracts,
  ...notificationConsumerContracts,
  ...conversationConsumerContracts,
  ...ruleConsumerContracts,
  notificationsWebhooksConsumer,
];

/** A set of contracts with lookups by name. */
export interface Catalog {
  readonly requests: readonly RequestContract[];
  readonly events: readonly EventContract[];
  readonly consumers: readonly ConsumerContract[];
  /** The request contract of a subject such as `cases.case.create`. */
  requestBySubject(subject: string): RequestContract | undefined;
  /** The event contract of a CloudEvents type such as `cases.case.created.v1`. */
  eventByType(type: string): EventContract | undefined;
  /** The event contract of a NATS subject such as `events.cases.case.created.v1`. */
  eventBySubject(subject: string): EventContract | undefined;
}

/**
 * Builds a {@link Catalog}. Throws if two contracts share a subject, an event type or a durable
 * name, since one of them would silently shadow the other in every lookup and in the generated
 * files, and if a consumer reads an event that is not in the catalog.
 */
export function createCatalog(contracts: {
  requests: readonly RequestContract[];
  events: readonly EventContract[];
  consumers?: readonly ConsumerContract[];
}): Catalog {
  const requests = indexBy(contracts.requests, (c) => c.subject, 'request subject');
  const eventsByType = indexBy(contracts.events, (c) => c.type, 'event type');
  const eventsBySubject = indexBy(contracts.events, (c) => c.subject, 'event subject');
  const consumers = contracts.consumers ?? [];
  indexBy(consumers, (c) => c.durable, 'consumer');
  for (const consumer of consumers) {
    const unknown = consumer.events.find((event) => eventsByType.get(event.type) !== event);
    if (unknown) {
      throw new Error(
        `Consumer ${consumer.durable} reads ${unknown.type}, which is not in the catalog`,
      );
    }
  }
  return {
    requests: [...contracts.requests],
    events: [...contracts.events],
    consumers: [...consumers],
    requestBySubject: (subject) => requests.get(subject),
    eventByType: (type) => eventsByType.get(type),
    eventBySubject: (subject) => eventsBySubject.get(subject),
  };
}

/** The catalog of the whole system. */
export const catalog: Catalog = createCatalog({
  requests: requestContracts,
  events: eventContracts,
  consumers: consumerContracts,
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
