import { type WebhookFilters } from '@opencen/contracts';

/** What matching needs of a subscription. */
export interface MatchableSubscription {
  readonly status: 'active' | 'disabled';
  readonly eventTypes: readonly string[];
  readonly filters: WebhookFilters;
}

/** What matching reads of an event: its type and its data. */
export interface MatchableEvent {
  readonly type: string;
  readonly data: unknown;
}

/**
 * Whether a subscription wants an event: it is active, the event's type is one of its types, and
 * every filter it has holds on a field the event carries (an event without the field fails it).
 */
export function matches(subscription: MatchableSubscription, event: MatchableEvent): boolean {
  if (subscription.status !== 'active') return false;
  if (!subscription.eventTypes.includes(event.type)) return false;
  const data = (event.data ?? {}) as Record<string, unknown>;
  const { office, caseType, commodityCategory } = subscription.filters;
  if (office && !oneOf(office, [data.office])) return false;
  if (caseType && !oneOf(caseType, [data.type])) return false;
  if (commodityCategory && !oneOf(commodityCategory, commodityCategoriesOf(data))) return false;
  return true;
}

function oneOf(accepted: readonly string[], values: readonly unknown[]): boolean {
  return values.some((value) => typeof value === 'string' && accepted.includes(value));
}

/** The commodity categories an event carries: its own, or its items'. */
function commodityCategoriesOf(data: Record<string, unknown>): unknown[] {
  const items = Array.isArray(data.items) ? (data.items as Record<string, unknown>[]) : [];
  return [data.commodityCategory, ...items.map((item) => item?.commodityCategory)];
}
