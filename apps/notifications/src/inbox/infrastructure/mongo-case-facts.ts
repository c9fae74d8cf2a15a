import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { documentWriteLock } from '@opencen/nest-kit';
import { Model } from 'mongoose';

import { type CaseFacts, type TaskDeadline, type TaskState } from '../domain/recipient-rules';
import { CaseFactsStore } from '../usecases/ports';
import {
  CASE_FACT_MODEL,
  type CaseFactDocument,
  TASK_DAY_MODEL,
  TASK_DAYS_COLLECTION,
  TASK_DEADLINE_MODEL,
  TASK_DEADLINES_COLLECTION,
  type TaskDayDocument,
  type TaskDeadlineDocument,
} from './case-facts.schema';

const taskKey = (caseId: string, taskId: string) => `${caseId}/${taskId}`;

/** Cases and their task deadlines, by key (upserts: a replayed event writes the same). */
@Injectable()
export class MongoCaseFacts extends CaseFactsStore {
  constructor(
    @InjectModel(CASE_FACT_MODEL) private readonly cases: Model<CaseFactDocument>,
    @InjectModel(TASK_DEADLINE_MODEL) private readonly tasks: Model<TaskDeadlineDocument>,
    @InjectModel(TASK_DAY_MODEL) private readonly days: Model<TaskDayDocument>,
  ) {
    super();
  }

  async get(caseId: string): Promise<CaseFacts | null> {
    const document = await this.cases.findById(caseId).lean<CaseFactDocument>();
    if (!document) return null;
    return {
      caseId,
      number: document.number,
      office: document.office,
      ...(document.author ? { author: document.author } : {}),
    };
  }

  async recordCase(facts: CaseFacts): Promise<void> {
    await this.cases.updateOne(
      { _id: facts.caseId },
      {
        $set: {
          number: facts.number,
          office: facts.office,
          ...(facts.author ? { author: facts.author } : {}),
        },
      },
      { upsert: true },
    );
  }

  async recordTask(task: TaskDeadline): Promise<void> {
    const key = taskKey(task.caseId, task.taskId);
    // The day's key document first: a task is found through it, so it must not be missed.
    await documentWriteLock.run(TASK_DAYS_COLLECTION, task.dueDate, () =>
      this.days.updateOne({ _id: task.dueDate }, { $addToSet: { tasks: key } }, { upsert: true }),
    );
    await documentWriteLock.run(TASK_DEADLINES_COLLECTION, key, () =>
      this.tasks.updateOne(
        { _id: key },
        {
          $set: {
            caseId: task.caseId,
            caseNumber: task.caseNumber,
            taskId: task.taskId,
            dueDate: task.dueDate,
            ...(task.assignee ? { assignee: task.assignee } : {}),
          },
          $setOnInsert: { open: true, told: [] },
        },
        { upsert: true },
      ),
    );
  }

  async completeTask(caseId: string, taskId: string): Promise<void> {
    const key = taskKey(caseId, taskId);
    await documentWriteLock.run(TASK_DEADLINES_COLLECTION, key, () =>
      this.tasks.updateOne({ _id: key }, { $set: { open: false } }),
    );
  }

  async dueOn(days: readonly string[]): Promise<(TaskDeadline & { told: TaskState[] })[]> {
    const dayDocuments = await Promise.all(
      days.map((day) => this.days.findById(day).lean<TaskDayDocument>()),
    );
    const keys = dayDocuments.flatMap((document) => document?.tasks ?? []);
    const tasks = await Promise.all(
      keys.map((key) => this.tasks.findById(key).lean<TaskDeadlineDocument>()),
    );
    return tasks
      .filter((task): task is TaskDeadlineDocument => task !== null && task.open)
      .map((task) => ({
        caseId: task.caseId,
        caseNumber: task.caseNumber,
        taskId: task.taskId,
        dueDate: task.dueDate,
        ...(task.assignee ? { assignee: task.assignee } : {}),
        told: (task.told ?? []) as TaskState[],
      }));
  }

  async markTold(caseId: string, taskId: string, state: TaskState): Promise<void> {
    const key = taskKey(caseId, taskId);
    await documentWriteLock.run(TASK_DEADLINES_COLLECTION, key, () =>
      this.tasks.updateOne({ _id: key }, { $addToSet: { told: state } }),
    );
  }
}
