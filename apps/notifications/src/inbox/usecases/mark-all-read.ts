import { Injectable } from '@nestjs/common';
import { Clock, type RequestContext } from '@opencen/nest-kit';

import { inboxOwner, readByKeys } from './inbox-reader';
import { markRead } from './mark-read';
import { InboxIndex, NotificationStore } from './ports';

/** Unread notifications marked per page of the index; the loop stops at the first empty page. */
const PAGE = 100;
/** A bound on one request's work: 50 pages (5,000 notifications); a later call marks the rest. */
const MAX_PAGES = 50;

/**
 * Marks every unread notification of the caller read, a page of the index at a time, each by key
 * with its read event. A notification marked meanwhile (another tab) is skipped, not counted.
 */
@Injectable()
export class MarkAllRead {
  constructor(
    private readonly index: InboxIndex,
    private readonly store: NotificationStore,
    private readonly clock: Clock,
  ) {}

  async execute(command: { context: RequestContext }): Promise<{ marked: number }> {
    const owner = inboxOwner(command.context, 'Notifications');
    let marked = 0;
    let before: string | undefined;
    for (let page = 0; page < MAX_PAGES; page += 1) {
      const found = await this.index.page(owner.sub, {
        unreadOnly: true,
        ...(before ? { before } : {}),
        limit: PAGE,
      });
      const notifications = await readByKeys(this.store, owner.sub, found.ids);
      for (const notification of notifications) {
        if (notification.read) continue;
        await markRead(this.store, notification, this.clock.now(), command.context);
        marked += 1;
      }
      const last = notifications[notifications.length - 1];
      if (!found.more || !last) break;
      before = last.position;
    }
    return { marked };
  }
}
