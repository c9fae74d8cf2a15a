import { Injectable } from '@nestjs/common';
import { SearchService } from '@opencen/nest-kit';

import { ConversationIndex, type ConversationPage } from '../usecases/ports';
import { CONVERSATIONS_INDEX } from './conversation-search.index';

/** A user's conversations in the `notifications-conversations` index, latest activity first. */
@Injectable()
export class OpenSearchConversationIndex extends ConversationIndex {
  constructor(private readonly search: SearchService) {
    super();
  }

  async page(user: string, query: { before?: string; limit: number }): Promise<ConversationPage> {
    const reply = await this.search.query(CONVERSATIONS_INDEX, {
      size: query.limit + 1,
      _source: ['position'],
      sort: [{ position: 'desc' }],
      query: {
        bool: {
          filter: [
            { term: { members: user } },
            ...(query.before ? [{ range: { position: { lt: query.before } } }] : []),
          ],
        },
      },
    });
    const hits = reply.hits.slice(0, query.limit);
    const last = hits.at(-1)?._source?.position;
    return {
      ids: hits.map((hit) => hit._id),
      ...(reply.hits.length > query.limit && typeof last === 'string' ? { next: last } : {}),
    };
  }
}
