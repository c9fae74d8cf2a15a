import { Injectable } from '@nestjs/common';
import { type Case, type HandlerRequestOf, type assignCase } from '@opencen/contracts';
import { type RequestContext, assertVersion, Clock } from '@opencen/nest-kit';

import { assertSupervisor } from '../domain/case-workflow';
import { caseToChange } from './access';
import { nextVersionOf, storeChange } from './case-changes';
import { assignedEvent } from './case-events';
import { CaseRepository } from './ports';

/** A supervisor of the office sets the investigators of a case; recorded as a workflow step. */
@Injectable()
export class AssignCase {
  constructor(
    private readonly cases: CaseRepository,
    private readonly clock: Clock,
  ) {}

  async execute(
    command: HandlerRequestOf<typeof assignCase> & { context: RequestContext },
  ): Promise<Case> {
    const { principal, kase: current } = await caseToChange(
      this.cases,
      command.context,
      command.id,
      'caseSupervisors',
      'Assigning cases',
    );
    assertSupervisor(principal, current, 'assign');
    assertVersion('Case', current, command.version);
    const now = this.clock.now();
    const comment = command.comment === undefined ? {} : { comment: command.comment };
    const next = nextVersionOf(
      current,
      {
        assignedInvestigators: [...new Set(command.investigators)],
        workflow: [
          ...current.workflow,
          {
            transition: 'assign',
            from: current.status,
            to: current.status,
            at: now.toISOString(),
            by: principal.sub,
            ...comment,
          },
        ],
      },
      now,
      principal.sub,
    );
    await storeChange(
      this.cases,
      current,
      next,
      { change: 'assign', fields: ['assignedInvestigators'], ...comment },
      [assignedEvent(next, current.status, { actor: principal.sub, context: command.context })],
    );
    return next;
  }
}
