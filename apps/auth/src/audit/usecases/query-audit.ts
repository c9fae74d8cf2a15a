import { Injectable } from '@nestjs/common';
import {
  type AuditEntry,
  type HandlerRequestOf,
  type auditRecordTrail,
  type auditUserActivity,
} from '@opencen/contracts';

import { AuditChainStore, type AuditPage, AuditSearch } from './ports';

/**
 * The auditors' two questions: who read or changed a record, and what a user did in a period. The
 * index finds the positions; the entries are read from the chain by key, so what an auditor sees
 * is what the verification checks, not the derived index.
 */
@Injectable()
export class QueryAudit {
  constructor(
    private readonly search: AuditSearch,
    private readonly chain: AuditChainStore,
  ) {}

  async recordTrail(query: HandlerRequestOf<typeof auditRecordTrail>): Promise<AuditPage> {
    return this.page(await this.search.recordTrail(query));
  }

  async userActivity(query: HandlerRequestOf<typeof auditUserActivity>): Promise<AuditPage> {
    return this.page(await this.search.userActivity(query));
  }

  private async page(found: {
    total: number;
    seqs: number[];
    nextCursor?: string;
  }): Promise<AuditPage> {
    const entries = await Promise.all(found.seqs.map((seq) => this.chain.entry(seq)));
    return {
      total: found.total,
      entries: entries.filter((entry): entry is AuditEntry => entry !== null),
      ...(found.nextCursor ? { nextCursor: found.nextCursor } : {}),
    };
  }
}
