import { type Principal } from '@opencen/contracts';
import { type RequestContext, ServiceError, requireRole } from '@opencen/nest-kit';

import { type StoredSubscription } from './ports';

/** Integration clients manage their own subscriptions; admins every one. */
export function webhookManager(context: RequestContext): Principal {
  return requireRole(context, 'webhookManagers', 'Managing webhooks');
}

/** Whether the principal may see and change this subscription. */
export function mayManage(principal: Principal, subscription: StoredSubscription): boolean {
  return subscription.owner === principal.sub || principal.roles.includes('admin');
}

/** The subscription, if the principal may manage it; NOT_FOUND otherwise (another's is not shown). */
export function managed(
  principal: Principal,
  subscription: StoredSubscription | null,
  id: string,
): StoredSubscription {
  if (!subscription || !mayManage(principal, subscription)) {
    throw ServiceError.notFound(`No webhook ${id}`);
  }
  return subscription;
}
