import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type listNotifications,
} from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { inboxOwner, readByKeys } from './inbox-reader';
import { InboxIndex, NotificationStore } from './ports';
import { toNotification } from './to-notification';

/** The caller's notifications, newest first, a page after `cursor` (the last position seen). */
@Injectable()
export class ListNotifications {
  constructor(
    private readonly index: InboxIndex,
    private readonly store: NotificationStore,
  ) {}

  async execute(
    query: HandlerRequestOf<typeof listNotifications> & { context: RequestContext },
  ): Promise<HandlerReplyOf<typeof listNotifications>> {
    const owner = inboxOwner(query.context, 'Notifications');
    const page = await this.index.page(owner.sub, {
      unreadOnly: query.unreadOnly,
      ...(query.cursor ? { before: query.cursor } : {}),
      limit: query.limit,
    });
    const items = (await readByKeys(this.store, owner.sub, page.ids)).map(toNotification);
    const last = items[items.length - 1];
    return { items, ...(page.more && last ? { nextCursor: last.position } : {}) };
  }
}
