import { Injectable } from '@nestjs/common';
import {
  type AuditEntry,
  type HandlerRequestOf,
  type auditRecordTrail,
  type auditUserActivity,
} from '@opencen/contracts';
import { SearchService, SearchWriter, ServiceError } from '@opencen/nest-kit';

import { AuditSearch } from '../usecases/ports';
import { AUDIT_INDEX, auditSearchDocument } from './audit-search.index';

type Period = Pick<HandlerRequestOf<typeof auditUserActivity>, 'from' | 'to' | 'limit' | 'cursor'>;

/** The audit index in the service's OpenSearch cluster. */
@Injectable()
export class OpenSearchAuditSearch extends AuditSearch {
  private readonly writer: SearchWriter;

  constructor(private readonly search: SearchService) {
    super();
    this.writer = new SearchWriter(search.client, search.names(AUDIT_INDEX));
  }

  async index(entry: AuditEntry): Promise<void> {
    const projected = auditSearchDocument(entry);
    await this.writer.write(projected.id, projected);
  }

  recordTrail(query: HandlerRequestOf<typeof auditRecordTrail>) {
    return this.page({ term: { records: `${query.kind}:${query.id}` } }, query);
  }

  userActivity(query: HandlerRequestOf<typeof auditUserActivity>) {
    return this.page({ term: { actorSub: query.sub } }, query);
  }

  private async page(
    clause: Record<string, unknown>,
    period: Period,
  ): Promise<{ total: number; seqs: number[]; nextCursor?: string }> {
    const after = period.cursor === undefined ? undefined : positionOf(period.cursor);
    const range = {
      ...(period.from ? { gte: period.from } : {}),
      ...(period.to ? { lt: period.to } : {}),
    };
    const filter = [clause, ...(Object.keys(range).length ? [{ range: { at: range } }] : [])];
    const { total, hits } = await this.search.query(AUDIT_INDEX, {
      query: { bool: { filter } },
      sort: [{ seq: { order: 'desc' } }],
      size: period.limit,
      track_total_hits: true,
      _source: false,
      ...(after === undefined ? {} : { search_after: [after] }),
    });
    const seqs = hits.map((hit) => Number(hit._id));
    const last = seqs.at(-1);
    return {
      total,
      seqs,
      ...(seqs.length === period.limit && last !== undefined && last > 1
        ? { nextCursor: String(last) }
        : {}),
    };
  }
}

/** The position a cursor stands for: the last entry of the previous page. */
function positionOf(cursor: string): number {
  if (!/^[1-9]\d{0,14}$/.test(cursor)) {
    throw ServiceError.validation('The cursor is not one this API returned', [
      { path: 'cursor', reason: 'Pass back nextCursor as it was returned', code: 'invalid_cursor' },
    ]);
  }
  return Number(cursor);
}
