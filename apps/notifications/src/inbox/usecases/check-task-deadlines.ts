import { Injectable } from '@nestjs/common';
import { Clock } from '@opencen/nest-kit';

import { addDays, nextDay, taskNotice, taskState } from '../domain/recipient-rules';
import { DeliverNotice } from './deliver-notice';
import { CaseFactsStore } from './ports';

/** How far back a pass looks for overdue tasks (TASK_OVERDUE_LOOKBACK_DAYS). */
export abstract class TaskDeadlinesOptions {
  abstract readonly lookbackDays: number;
}

/**
 * Tells each open task's assignee once when it is due within a day, and once when it is overdue:
 * reads the tasks due on each day from `lookbackDays` ago to tomorrow by key, delivers what was not
 * told yet (a notification keyed by task and state, so two replicas or a crash between delivery
 * and the mark tell nobody twice), and marks it told.
 */
@Injectable()
export class CheckTaskDeadlines {
  constructor(
    private readonly facts: CaseFactsStore,
    private readonly deliver: DeliverNotice,
    private readonly clock: Clock,
    private readonly options: TaskDeadlinesOptions,
  ) {}

  async execute(): Promise<{ told: number }> {
    const today = this.clock.today();
    const days = [];
    for (let day = addDays(today, -this.options.lookbackDays); day <= nextDay(today);) {
      days.push(day);
      day = nextDay(day);
    }
    let told = 0;
    for (const task of await this.facts.dueOn(days)) {
      const state = taskState(task.dueDate, today);
      if (!state || task.told.includes(state)) continue;
      const notice = taskNotice(task, state);
      if (notice) {
        await this.deliver.execute(notice);
        told += 1;
      }
      await this.facts.markTold(task.caseId, task.taskId, state);
    }
    return { told };
  }
}
