import { Injectable } from '@nestjs/common';
import {
  type Case,
  type HandlerReplyOf,
  type HandlerRequestOf,
  type caseHistory,
  type getCase,
} from '@opencen/contracts';
import { type RequestContext, requireRole } from '@opencen/nest-kit';

import { readableCase } from './access';
import { CaseRepository } from './ports';

/** A case by id or number, for whoever may read it. */
@Injectable()
export class GetCase {
  constructor(private readonly cases: CaseRepository) {}

  // async, so that a missing principal rejects like every other refusal instead of throwing.
  async execute(
    command: HandlerRequestOf<typeof getCase> & { context: RequestContext },
  ): Promise<Case> {
    return readableCase(
      this.cases,
      requireRole(command.context, 'caseReaders', 'Reading cases'),
      command.id,
    );
  }
}

/** Every change of a case, oldest first: who, when, which version, which fields, the comment. */
@Injectable()
export class CaseHistory {
  constructor(private readonly cases: CaseRepository) {}

  async execute(
    command: HandlerRequestOf<typeof caseHistory> & { context: RequestContext },
  ): Promise<HandlerReplyOf<typeof caseHistory>> {
    const kase = await readableCase(
      this.cases,
      requireRole(command.context, 'caseReaders', 'Reading cases'),
      command.id,
    );
    const entries = (await this.cases.history(kase.id)) ?? [];
    return {
      changes: entries.map((entry) => ({
        version: entry.version,
        at: entry.at.toISOString(),
        by: entry.by,
        change: entry.change as HandlerReplyOf<typeof caseHistory>['changes'][number]['change'],
        fields: entry.fields,
        ...(entry.comment === undefined ? {} : { comment: entry.comment }),
      })),
    };
  }
}
