import { Injectable } from '@nestjs/common';
import { type RequestContext } from '@opencen/nest-kit';

import { inboxOwner } from './inbox-reader';
import { InboxIndex } from './ports';

/** How many of the caller's in-app notifications are unread. */
@Injectable()
export class CountUnread {
  constructor(private readonly index: InboxIndex) {}

  async execute(query: { context: RequestContext }): Promise<{ unread: number }> {
    const owner = inboxOwner(query.context, 'Notifications');
    return { unread: await this.index.countUnread(owner.sub) };
  }
}
