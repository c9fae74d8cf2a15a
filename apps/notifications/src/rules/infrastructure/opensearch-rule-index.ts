import { Injectable } from '@nestjs/common';
import { type RuleKind, type RuleTarget } from '@opencen/contracts';
import { SearchService, ServiceError } from '@opencen/nest-kit';

import { type ActiveRule } from '../domain/rule';
import { RuleIndex, type RulePage } from '../usecases/ports';
import { RULES_INDEX } from './rule-search.index';

const NOT_DELETED = { term: { deleted: false } };

/** Rules in the `rules` index: an owner's, newest first; the enabled ones of a kind, by id. */
@Injectable()
export class OpenSearchRuleIndex extends RuleIndex {
  constructor(private readonly search: SearchService) {
    super();
  }

  async page(owner: string, query: { cursor?: string; limit: number }): Promise<RulePage> {
    const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const reply = await this.search.query(RULES_INDEX, {
      size: query.limit + 1,
      _source: false,
      sort: [{ createdAt: 'desc' }, { id: 'desc' }],
      query: { bool: { filter: [{ term: { owner } }, NOT_DELETED] } },
      ...(after ? { search_after: after } : {}),
    });
    const hits = reply.hits.slice(0, query.limit);
    const last = hits.at(-1);
    return {
      ids: hits.map((hit) => hit._id),
      ...(reply.hits.length > query.limit && last
        ? { nextCursor: Buffer.from(JSON.stringify(last.sort)).toString('base64url') }
        : {}),
    };
  }

  async countOwned(owner: string): Promise<number> {
    const reply = await this.search.query(RULES_INDEX, {
      size: 0,
      track_total_hits: true,
      query: { bool: { filter: [{ term: { owner } }, NOT_DELETED] } },
    });
    return reply.total;
  }

  async enabled(kind: RuleKind, after: string | undefined, limit: number): Promise<ActiveRule[]> {
    const reply = await this.search.query(RULES_INDEX, {
      size: limit,
      _source: ['owner', 'name', 'target'],
      sort: [{ id: 'asc' }],
      query: { bool: { filter: [{ term: { kind } }, { term: { enabled: true } }, NOT_DELETED] } },
      ...(after ? { search_after: [after] } : {}),
    });
    return reply.hits.map((hit) => {
      const source = hit._source as { owner: string; name: string; target: RuleTarget };
      return { id: hit._id, owner: source.owner, name: source.name, target: source.target };
    });
  }
}

/** A list cursor: the sort values of the page's last rule (creation time, id). */
function decodeCursor(cursor: string): [number, string] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    if (values.length === 2 && typeof values[0] === 'number' && typeof values[1] === 'string') {
      return [values[0], values[1]];
    }
  } catch {
    // Falls through to the refusal.
  }
  throw ServiceError.validation('The cursor is not one this service gave', [
    {
      path: 'cursor',
      reason: 'Expected the nextCursor of a page of rules',
      code: 'invalid_cursor',
    },
  ]);
}
