import {
  type AuditAction,
  type AuditedKind,
  type CloudEvent,
  type EventContract,
  type EventOf,
  type auditAccessRecorded,
} from '@opencen/contracts';

import { type EntryContent } from './chain-entry';

/** What an entry records; its position comes from the chain. */
export type NewEntry = Omit<EntryContent, 'seq'>;

/** The entry of an access record the gateway published. */
export function entryOfAccess(record: EventOf<typeof auditAccessRecorded>): NewEntry {
  const { action, operation, actor, records, criteria, purpose, client, status } = record.data;
  return {
    at: record.time,
    action,
    operation,
    actor,
    records,
    ...(criteria ? { criteria } : {}),
    ...(purpose ? { purpose } : {}),
    client,
    status,
    correlationId: record.correlationid,
    sourceId: record.id,
  };
}

/** What a domain event's verb is, as processing of personal data. */
function actionOfVerb(verb: string): AuditAction {
  if (['created', 'raised', 'photo-added', 'subjects-linked', 'posted'].includes(verb))
    return 'collection';
  if (verb === 'recorded') return 'disclosure';
  if (['deleted', 'erased'].includes(verb)) return 'erasure';
  return 'alteration';
}

/**
 * A webhook delivery that arrived: the notifications service's case-exchange webhooks transfer a
 * case's non-nominal record to a partner, a disclosure of that case.
 */
function isWebhookDelivered(contract: EventContract): boolean {
  return (
    contract.service === 'notifications' &&
    contract.aggregate === 'webhook-delivery' &&
    contract.verb === 'delivered'
  );
}

/** The kind of record a domain event is about, when it is one that holds personal data. */
export function auditedKindOf(contract: EventContract): AuditedKind | undefined {
  if (isWebhookDelivered(contract)) return 'case';
  const kinds: Record<string, AuditedKind> = {
    person: 'person',
    company: 'company',
    conveyance: 'conveyance',
    case: 'case',
    alert: 'alert',
    watchlist: 'alert',
    export: 'export',
    user: 'user',
    // Secure messaging (notifications): a conversation's membership and its messages.
    conversation: 'conversation',
    message: 'conversation',
  };
  return contract.service === 'reference' ? undefined : kinds[contract.aggregate];
}

/**
 * The entry of a write, from the event the service that made it published; null for an event that
 * records nothing (a webhook delivery that transferred no case).
 */
export function entryOfEvent(contract: EventContract, event: CloudEvent<unknown>): NewEntry | null {
  if (isWebhookDelivered(contract)) return entryOfTransfer(contract, event);
  const kind = auditedKindOf(contract);
  return {
    at: event.time,
    action: contract.service === 'auth' ? 'administration' : actionOfVerb(contract.verb),
    operation: contract.type,
    actor: { sub: event.actor },
    records: kind ? [{ kind, id: event.subject }] : [],
    correlationId: event.correlationid,
    sourceId: event.id,
  };
}

/** The entry of a case transferred by a case-exchange webhook: a disclosure of that case. */
function entryOfTransfer(contract: EventContract, event: CloudEvent<unknown>): NewEntry | null {
  const data = event.data as {
    subscriptionId?: string;
    eventId?: string;
    caseId?: string;
    format?: string;
  };
  if (data.format !== 'case-exchange' || !data.caseId) return null;
  return {
    at: event.time,
    action: 'disclosure',
    operation: contract.type,
    actor: { sub: event.actor },
    records: [{ kind: 'case', id: data.caseId }],
    criteria: {
      webhook: data.subscriptionId ?? '',
      event: data.eventId ?? '',
    },
    correlationId: event.correlationid,
    sourceId: event.id,
  };
}
