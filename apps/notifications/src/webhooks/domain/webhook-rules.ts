import { type WebhookFormat } from '@opencen/contracts';

/** A field of a request that a rule refuses, and why. */
export interface RuleProblem {
  readonly path: string;
  readonly reason: string;
}

/**
 * The endpoint must be https: a signed body over plain http can be read by anyone on the way.
 * Plain http only where the deployment allows it (local runs and tests), and never with
 * credentials in the URL (they would sit in logs and in the store).
 */
export function endpointProblem(url: string, allowHttp: boolean): RuleProblem | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { path: 'url', reason: 'Not an absolute URL' };
  }
  if (parsed.protocol === 'http:' && !allowHttp) {
    return { path: 'url', reason: 'Must be an https:// URL (http is not allowed here)' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { path: 'url', reason: 'Must be an https:// URL' };
  }
  if (parsed.username || parsed.password) {
    return { path: 'url', reason: 'Must not carry credentials; the signature authenticates' };
  }
  return null;
}

/** The case events whose case a case-exchange subscription transfers. */
export const CASE_EXCHANGE_EVENT_TYPES: readonly string[] = [
  'cases.case.validated.v1',
  'cases.case.closed.v1',
];

/**
 * The event types a request names that no subscription may have: unknown to the catalog, or the
 * service's own (inbox contents, and the webhooks' own events, which would deliver deliveries).
 * A case-exchange subscription takes the case validation (and closing) events only.
 */
export function eventTypeProblems(
  eventTypes: readonly string[],
  subscribable: ReadonlySet<string>,
  format: WebhookFormat,
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  eventTypes.forEach((type, index) => {
    const path = `eventTypes.${index}`;
    if (!subscribable.has(type)) {
      problems.push({ path, reason: `Unknown event type ${type} (see the AsyncAPI document)` });
    } else if (format === 'case-exchange' && !CASE_EXCHANGE_EVENT_TYPES.includes(type)) {
      problems.push({
        path,
        reason: `A case-exchange subscription takes ${CASE_EXCHANGE_EVENT_TYPES.join(' or ')}`,
      });
    }
  });
  if (new Set(eventTypes).size !== eventTypes.length) {
    problems.push({ path: 'eventTypes', reason: 'An event type is listed twice' });
  }
  return problems;
}

/** The key of one delivery in the store and the log: one per subscription and event. */
export function deliveryKey(subscriptionId: string, eventId: string): string {
  return `${subscriptionId}/${eventId}`;
}

/**
 * The `webhook-id` of a delivery: the same for every attempt and every replay of one event to one
 * subscription, so a receiver drops what it has already processed.
 */
export function webhookIdOf(subscriptionId: string, eventId: string): string {
  return `${subscriptionId}_${eventId}`;
}

/** Where a delivery stands in its subscription's log: 13 digits of ms, `-`, the event id. */
export function deliveryPosition(queuedAt: Date, eventId: string): string {
  return `${String(queuedAt.getTime()).padStart(13, '0')}-${eventId}`;
}

/** What became of one attempt. */
export type AttemptResult =
  | { readonly ok: true; readonly status: number; readonly durationMs: number }
  | {
      readonly ok: false;
      readonly status?: number;
      readonly reason: string;
      readonly durationMs: number;
    };

/** Whether an endpoint's answer is a success: any 2xx. Everything else is tried again. */
export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}
