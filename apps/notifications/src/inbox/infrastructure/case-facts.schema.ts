import { Schema } from 'mongoose';

export const CASE_FACT_MODEL = 'CaseFact';
/** What the service knows of each case, keyed by case id: number, office and author. */
export const CASE_FACTS_COLLECTION = 'case_facts';

export interface CaseFactDocument {
  _id: string;
  number: string;
  office: string;
  author?: string;
}

export const caseFactSchema = new Schema<CaseFactDocument>(
  {
    _id: { type: String, required: true },
    number: { type: String, required: true },
    office: { type: String, required: true },
    author: String,
  },
  { versionKey: false },
);

export const TASK_DEADLINE_MODEL = 'TaskDeadline';
/** An open task with a due date, keyed `<case id>/<task id>`, with the states already told. */
export const TASK_DEADLINES_COLLECTION = 'task_deadlines';

export interface TaskDeadlineDocument {
  _id: string;
  caseId: string;
  caseNumber: string;
  taskId: string;
  dueDate: string;
  assignee?: string;
  open: boolean;
  told: string[];
}

export const taskDeadlineSchema = new Schema<TaskDeadlineDocument>(
  {
    _id: { type: String, required: true },
    caseId: { type: String, required: true },
    caseNumber: { type: String, required: true },
    taskId: { type: String, required: true },
    dueDate: { type: String, required: true },
    assignee: String,
    open: { type: Boolean, required: true },
    told: { type: [String], default: [] },
  },
  { versionKey: false },
);

export const TASK_DAY_MODEL = 'TaskDay';
/**
 * The tasks due on one day, keyed by the day (`YYYY-MM-DD`): the key document through which the
 * deadline check finds its tasks without a query. Bounded by the tasks due on one day.
 */
export const TASK_DAYS_COLLECTION = 'task_days';

export interface TaskDayDocument {
  _id: string;
  tasks: string[];
}

export const taskDaySchema = new Schema<TaskDayDocument>(
  { _id: { type: String, required: true }, tasks: { type: [String], default: [] } },
  { versionKey: false },
);
