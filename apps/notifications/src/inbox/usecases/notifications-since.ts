import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type notificationsSince,
} from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { inboxOwner, readByKeys } from './inbox-reader';
import { InboxIndex, NotificationStore } from './ports';
import { toNotification } from './to-notification';

/**
 * The caller's in-app notifications after a position, oldest first: what a live stream missed
 * while it was away (the gateway's resume after Last-Event-ID). The index answers once it holds
 * every notification published before the request; every later one is pushed live after its
 * event is published, so a stream that subscribed first and asks second misses none.
 */
@Injectable()
export class NotificationsSince {
  constructor(
    private readonly index: InboxIndex,
    private readonly store: NotificationStore,
  ) {}

  async execute(
    query: HandlerRequestOf<typeof notificationsSince> & { context: RequestContext },
  ): Promise<HandlerReplyOf<typeof notificationsSince>> {
    const owner = inboxOwner(query.context, 'Notifications');
    const page = await this.index.after(owner.sub, query.after, query.limit);
    const items = (await readByKeys(this.store, owner.sub, page.ids)).map(toNotification);
    return { items, more: page.more };
  }
}
