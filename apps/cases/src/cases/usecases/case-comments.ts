import { Injectable } from '@nestjs/common';
import {
  type CaseComment,
  type HandlerReplyOf,
  type HandlerRequestOf,
  type addCaseComment,
  type listCaseComments,
} from '@opencen/contracts';
import { type RequestContext, requireRole, Clock, IdGenerator } from '@opencen/nest-kit';

import { assertMayComment } from '../domain/case-workflow';
import { caseToChange, readableCase } from './access';
import { CaseRepository } from './ports';

/** Adds a comment to a case's thread, without changing its version. */
@Injectable()
export class AddCaseComment {
  constructor(
    private readonly cases: CaseRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(
    command: HandlerRequestOf<typeof addCaseComment> & { context: RequestContext },
  ): Promise<CaseComment> {
    const { principal, kase } = await caseToChange(
      this.cases,
      command.context,
      command.caseId,
      'caseWriters',
      'Commenting on cases',
    );
    assertMayComment(principal, kase);
    const id = this.ids.next();
    if (this.ids.repeatsEarlierRun()) {
      // The first run of this Idempotency-Key request may have stored the comment before it died.
      const stored = (await this.cases.comments(kase.id)).find((c) => c.id === id);
      if (stored) return stored;
    }
    const comment: CaseComment = {
      id,
      text: command.text,
      at: this.clock.now().toISOString(),
      by: principal.sub,
      byName: principal.username,
    };
    await this.cases.addComment(kase.id, comment);
    return comment;
  }
}

/** The comment thread, for whoever may read the case. */
@Injectable()
export class ListCaseComments {
  constructor(private readonly cases: CaseRepository) {}

  async execute(
    command: HandlerRequestOf<typeof listCaseComments> & { context: RequestContext },
  ): Promise<HandlerReplyOf<typeof listCaseComments>> {
    const kase = await readableCase(
      this.cases,
      requireRole(command.context, 'caseReaders', 'Reading cases'),
      command.caseId,
    );
    return { items: await this.cases.comments(kase.id) };
  }
}
