import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type addCaseTask,
  type completeCaseTask,
} from '@opencen/contracts';
import {
  type RequestContext,
  ServiceError,
  assertVersion,
  Clock,
  IdGenerator,
} from '@opencen/nest-kit';

import { assertMayManageTasks } from '../domain/case-workflow';
import { caseToChange } from './access';
import { nextVersionOf, storeChange } from './case-changes';
import { taskEvent } from './case-events';
import { CaseRepository } from './ports';

/**
 * A supervisor or assigned investigator adds a task with a due date: a versioned change, recorded
 * in the history, with its task-added event.
 */
@Injectable()
export class AddCaseTask {
  constructor(
    private readonly cases: CaseRepository,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(
    command: HandlerRequestOf<typeof addCaseTask> & { context: RequestContext },
  ): Promise<HandlerReplyOf<typeof addCaseTask>> {
    const { principal, kase: current } = await caseToChange(
      this.cases,
      command.context,
      command.caseId,
      'caseTaskManagers',
      'Managing the tasks of cases',
    );
    assertMayManageTasks(principal, current);
    const id = this.ids.next();
    const stored = this.ids.repeatsEarlierRun() && current.tasks.find((t) => t.id === id);
    // The first run of this Idempotency-Key request stored the task before it died.
    if (stored) return { case: current, task: stored };
    assertVersion('Case', current, command.version);
    const now = this.clock.now();
    const task = {
      id,
      title: command.title,
      ...(command.dueDate === undefined ? {} : { dueDate: command.dueDate }),
      ...(command.assignee === undefined ? {} : { assignee: command.assignee }),
      status: 'open' as const,
      createdAt: now.toISOString(),
      createdBy: principal.sub,
    };
    const next = nextVersionOf(current, { tasks: [...current.tasks, task] }, now, principal.sub);
    await storeChange(this.cases, current, next, { change: 'task-added', fields: ['tasks'] }, [
      taskEvent(next, task, 'added', { actor: principal.sub, context: command.context }),
    ]);
    return { case: next, task };
  }
}

/** A supervisor or assigned investigator marks a task done (again: nothing changes). */
@Injectable()
export class CompleteCaseTask {
  constructor(
    private readonly cases: CaseRepository,
    private readonly clock: Clock,
  ) {}

  async execute(
    command: HandlerRequestOf<typeof completeCaseTask> & { context: RequestContext },
  ): Promise<HandlerReplyOf<typeof completeCaseTask>> {
    const { principal, kase: current } = await caseToChange(
      this.cases,
      command.context,
      command.caseId,
      'caseTaskManagers',
      'Managing the tasks of cases',
    );
    assertMayManageTasks(principal, current);
    assertVersion('Case', current, command.version);
    const found = current.tasks.find((task) => task.id === command.taskId);
    if (!found) throw ServiceError.notFound(`No task ${command.taskId} in case ${current.id}`);
    if (found.status === 'done') return { case: current, task: found };
    const now = this.clock.now();
    const task = {
      ...found,
      status: 'done' as const,
      completedAt: now.toISOString(),
      completedBy: principal.sub,
    };
    const tasks = current.tasks.map((t) => (t.id === task.id ? task : t));
    const next = nextVersionOf(current, { tasks }, now, principal.sub);
    await storeChange(this.cases, current, next, { change: 'task-completed', fields: ['tasks'] }, [
      taskEvent(next, task, 'completed', { actor: principal.sub, context: command.context }),
    ]);
    return { case: next, task };
  }
}
