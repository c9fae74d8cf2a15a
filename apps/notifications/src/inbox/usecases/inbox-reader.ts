import { type Principal } from '@opencen/contracts';
import { type RequestContext, requirePrincipal } from '@opencen/nest-kit';

import { type NotificationStore, type StoredNotification } from './ports';

/** Whose inbox a request reads: always the caller's own. */
export function inboxOwner(context: RequestContext, what: string): Principal {
  return requirePrincipal(context, what);
}

/**
 * The notifications of the keys the index gave, read from the store by key, in the index's order.
 * One the store no longer has (it cannot be, unless removed by hand) is left out.
 */
export async function readByKeys(
  store: NotificationStore,
  recipient: string,
  ids: readonly string[],
): Promise<StoredNotification[]> {
  const found = await Promise.all(ids.map((id) => store.get(recipient, id)));
  return found.filter((notification): notification is StoredNotification => notification !== null);
}
