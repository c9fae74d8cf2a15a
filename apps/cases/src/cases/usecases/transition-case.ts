import { Injectable } from '@nestjs/common';
import { type Case, type CaseTransition } from '@opencen/contracts';
import { type RequestContext, ServiceError, assertVersion, Clock } from '@opencen/nest-kit';

import { planTransition } from '../domain/case-workflow';
import { missingForSubmission } from '../domain/mandatory-minimum';
import { caseToChange } from './access';
import { nextVersionOf, storeChange } from './case-changes';
import { transitionEvent } from './case-events';
import { CaseRepository } from './ports';

export interface TransitionCaseCommand {
  readonly transition: Exclude<CaseTransition, 'assign'>;
  readonly id: string;
  readonly version: number;
  /** The comment, or the reason of a rejection. */
  readonly comment?: string;
  readonly context: RequestContext;
}

/**
 * Submit, validate, reject, close or reopen (the rules are in domain/case-workflow): the step is
 * recorded with actor, time and comment, in the history and the workflow, and its event is stored
 * in the same write. A submission without the mandatory minimum is VALIDATION_FAILED listing every
 * missing field, and changes nothing.
 */
@Injectable()
export class TransitionCase {
  constructor(
    private readonly cases: CaseRepository,
    private readonly clock: Clock,
  ) {}

  async execute(command: TransitionCaseCommand): Promise<Case> {
    const submit = command.transition === 'submit';
    const { principal, kase: current } = await caseToChange(
      this.cases,
      command.context,
      command.id,
      submit ? 'caseWriters' : 'caseSupervisors',
      submit ? 'Submitting cases' : `Deciding on cases (${command.transition})`,
    );
    const now = this.clock.now();
    const step = planTransition(principal, current, command.transition, now, command.comment);
    assertVersion('Case', current, command.version);
    if (command.transition === 'submit') {
      const missing = missingForSubmission(current);
      if (missing.length > 0) {
        throw ServiceError.validation(
          'The case lacks the mandatory minimum for submission',
          missing,
        );
      }
    }
    const next = nextVersionOf(
      current,
      { status: step.to, workflow: [...current.workflow, step] },
      now,
      principal.sub,
    );
    if (command.transition === 'reject') {
      next.rejection = { reason: command.comment ?? '', at: step.at, by: principal.sub };
    } else if (command.transition === 'submit') {
      delete next.rejection;
    }
    await storeChange(
      this.cases,
      current,
      next,
      {
        change: command.transition,
        fields: ['status'],
        ...(command.comment === undefined ? {} : { comment: command.comment }),
      },
      [
        transitionEvent(next, command.transition, current.status, {
          actor: principal.sub,
          context: command.context,
        }),
      ],
    );
    return next;
  }
}
