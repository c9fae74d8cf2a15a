import { Inject, Injectable } from '@nestjs/common';
import { SearchService, ServiceError } from '@opencen/nest-kit';

import { InboxIndex, type InboxPage } from '../usecases/ports';
import { NOTIFICATIONS_INDEX } from './notification-search.index';

/** How long a resume waits for the index to hold what was published before it. */
export const INBOX_INDEXED_WITHIN_MS = Symbol('INBOX_INDEXED_WITHIN_MS');

/** Inboxes in the `notifications` index: one recipient's in-app notifications by position. */
@Injectable()
export class OpenSearchInboxIndex extends InboxIndex {
  constructor(
    private readonly search: SearchService,
    @Inject(INBOX_INDEXED_WITHIN_MS) private readonly indexedWithinMs: number,
  ) {
    super();
  }

  async page(
    recipient: string,
    query: { unreadOnly: boolean; before?: string; limit: number },
  ): Promise<InboxPage> {
    const reply = await this.search.query(NOTIFICATIONS_INDEX, {
      size: query.limit + 1,
      _source: false,
      sort: [{ position: 'desc' }],
      query: {
        bool: {
          filter: [
            ...this.inbox(recipient),
            ...(query.unreadOnly ? [{ term: { read: false } }] : []),
            ...(query.before ? [{ range: { position: { lt: query.before } } }] : []),
          ],
        },
      },
    });
    return this.pageOf(reply.hits, recipient, query.limit);
  }

  async countUnread(recipient: string): Promise<number> {
    const reply = await this.search.query(NOTIFICATIONS_INDEX, {
      size: 0,
      track_total_hits: true,
      query: { bool: { filter: [...this.inbox(recipient), { term: { read: false } }] } },
    });
    return reply.total;
  }

  async after(recipient: string, after: string, limit: number): Promise<InboxPage> {
    // Every notification published so far is indexed and searchable before the search.
    if (!(await this.search.waitUntilIndexed(NOTIFICATIONS_INDEX, this.indexedWithinMs))) {
      throw new ServiceError(
        'UNAVAILABLE',
        'The notifications index is behind the events: reconnect with the same Last-Event-ID',
      );
    }
    const reply = await this.search.query(NOTIFICATIONS_INDEX, {
      size: limit + 1,
      _source: false,
      sort: [{ position: 'asc' }],
      query: {
        bool: { filter: [...this.inbox(recipient), { range: { position: { gt: after } } }] },
      },
    });
    return this.pageOf(reply.hits, recipient, limit);
  }

  private inbox(recipient: string): object[] {
    return [{ term: { recipient } }, { term: { inApp: true } }];
  }

  private pageOf(hits: readonly { _id: string }[], recipient: string, limit: number): InboxPage {
    const prefix = `${recipient}/`;
    return {
      ids: hits
        .slice(0, limit)
        .map((hit) => hit._id)
        .filter((key) => key.startsWith(prefix))
        .map((key) => key.slice(prefix.length)),
      more: hits.length > limit,
    };
  }
}
