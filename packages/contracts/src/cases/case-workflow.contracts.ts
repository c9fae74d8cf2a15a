/**
 * The case workflow: draft → submitted → validated → closed; a rejection sends a submitted case
 * back to draft with a reason, and a supervisor may reopen a validated or closed case (back to
 * draft). Every transition takes the version the caller saw, records actor, time and comment, and
 * emits an event. Investigations also have assigned investigators and tasks with due dates, and
 * every case a comment thread.
 *
 * Transition events carry the case event data and the statuses, never the comment or reason
 * (free text may carry nominal data).
 */
import { z } from 'zod';

import { defineEvent } from '../events';
import { defineRequest } from '../requests';
import { CASE_STATUSES, caseEventDataSchema, caseSchema, caseTaskSchema } from './case.contracts';

const id = z.string().min(1).max(64);
const comment = z.string().trim().min(1).max(4000);
const versioned = { id, version: z.number().int().positive() };

export const submitCase = defineRequest({
  service: 'cases',
  aggregate: 'case',
  verb: 'submit',
  description:
    'Submits a draft for validation. It must hold the mandatory minimum (detection date, office, an item with category, quantity and unit, a detection method, a route country): otherwise VALIDATION_FAILED lists every missing field path and nothing changes.',
  request: z.strictObject({ ...versioned, comment: comment.optional() }),
  reply: caseSchema,
});

export const validateCase = defineRequest({
  service: 'cases',
  aggregate: 'case',
  verb: 'validate',
  description: "Validates a submitted case; a supervisor of the case's office only.",
  request: z.strictObject({ ...versioned, comment: comment.optional() }),
  reply: caseSchema,
});

export const rejectCase = defineRequest({
  service: 'cases',
  aggregate: 'case',
  verb: 'reject',
  description:
    "Sends a submitted case back to draft with the reason; a supervisor of the case's office only.",
  request: z.strictObject({ ...versioned, reason: comment }),
  reply: caseSchema,
});

export const closeCase = defineRequest({
  service: 'cases',
  aggregate: 'case',
  verb: 'close',
  description: "Closes a validated case; a supervisor of the case's office only.",
  request: z.strictObject({ ...versioned, comment: comment.optional() }),
  reply: caseSchema,
});

export const reopenCase = defineRequest({
  service: 'cases',
  aggregate: 'case',
  verb: 'reopen',
  description:
    "Reopens a validated or closed case as a draft, with the reason; a supervisor of the case's office only.",
  request: z.strictObject({ ...versioned, comment }),
  reply: caseSchema,
});

export const assignCase = defineRequest({
  service: 'cases',
  aggregate: 'case',
  verb: 'assign',
  description:
    "Sets the investigators (Keycloak subs) assigned to a case; a supervisor of the case's office only.",
  request: z.strictObject({
    ...versioned,
    investigators: z.array(z.string().min(1).max(64)).max(20),
    comment: comment.optional(),
  }),
  reply: caseSchema,
});

export const addCaseTask = defineRequest({
  service: 'cases',
  aggregate: 'task',
  verb: 'add',
  description:
    "Adds a task with an optional due date to a case that is not closed; a supervisor of the case's office or an assigned investigator.",
  request: z.strictObject({
    caseId: id,
    version: z.number().int().positive(),
    title: z.string().trim().min(1).max(200),
    dueDate: z.iso.date().optional(),
    assignee: z.string().min(1).max(64).optional(),
  }),
  reply: z.object({ case: caseSchema, task: caseTaskSchema }),
});

export const completeCaseTask = defineRequest({
  service: 'cases',
  aggregate: 'task',
  verb: 'complete',
  description: "Marks a task done; a supervisor of the case's office or an assigned investigator.",
  request: z.strictObject({ caseId: id, version: z.number().int().positive(), taskId: id }),
  reply: z.object({ case: caseSchema, task: caseTaskSchema }),
});

export const caseCommentSchema = z.object({
  id: z.string(),
  text: z.string(),
  at: z.iso.datetime({ offset: true }),
  by: z.string(),
  /** The author's username, for display. */
  byName: z.string(),
});
export type CaseComment = z.infer<typeof caseCommentSchema>;

export const addCaseComment = defineRequest({
  service: 'cases',
  aggregate: 'comment',
  verb: 'add',
  description:
    "Adds a comment to a case's thread. It does not change the case's version: a comment never makes an edit stale.",
  request: z.strictObject({ caseId: id, text: comment }),
  reply: caseCommentSchema,
});

export const listCaseComments = defineRequest({
  service: 'cases',
  aggregate: 'comment',
  verb: 'list',
  description: "A case's comment thread, oldest first.",
  request: z.strictObject({ caseId: id }),
  reply: z.object({ items: z.array(caseCommentSchema) }),
});

/** What every transition event carries: the case, and the statuses before and after. */
export const caseTransitionEventDataSchema = caseEventDataSchema.extend({
  from: z.enum(CASE_STATUSES),
});

const transitionEvent = (verb: string, description: string) =>
  defineEvent({
    service: 'cases',
    aggregate: 'case',
    verb,
    version: 1,
    description,
    data: caseTransitionEventDataSchema,
  });

export const caseSubmitted = transitionEvent('submitted', 'A case was submitted for validation.');
export const caseValidated = transitionEvent('validated', 'A case was validated by a supervisor.');
export const caseRejected = transitionEvent(
  'rejected',
  'A submitted case was sent back to draft by a supervisor (the reason stays in the case).',
);
export const caseClosed = transitionEvent('closed', 'A case was closed.');
export const caseReopened = transitionEvent('reopened', 'A case was reopened as a draft.');
export const caseAssigned = defineEvent({
  service: 'cases',
  aggregate: 'case',
  verb: 'assigned',
  version: 1,
  description: 'The investigators assigned to a case changed.',
  data: caseTransitionEventDataSchema.extend({
    /** Keycloak subs of the investigators now assigned. */
    investigators: z.array(z.string()),
  }),
});

/**
 * What a task event carries: the case, and the task's id, due date, assignee and status. Never
 * its title (free text may carry nominal data).
 */
export const caseTaskEventDataSchema = caseEventDataSchema.extend({
  taskId: z.string(),
  taskStatus: z.enum(['open', 'done']),
  dueDate: z.iso.date().optional(),
  /** The investigator (Keycloak sub) the task is given to, if any. */
  assignee: z.string().optional(),
});

export const caseTaskAdded = defineEvent({
  service: 'cases',
  aggregate: 'case',
  verb: 'task-added',
  version: 1,
  description: 'A task was added to a case (the title stays in the case).',
  data: caseTaskEventDataSchema,
});

export const caseTaskCompleted = defineEvent({
  service: 'cases',
  aggregate: 'case',
  verb: 'task-completed',
  version: 1,
  description: 'A task of a case was marked done.',
  data: caseTaskEventDataSchema,
});

export const caseWorkflowRequestContracts = [
  submitCase,
  validateCase,
  rejectCase,
  closeCase,
  reopenCase,
  assignCase,
  addCaseTask,
  completeCaseTask,
  addCaseComment,
  listCaseComments,
] as const;

export const caseWorkflowEventContracts = [
  caseSubmitted,
  caseValidated,
  caseRejected,
  caseClosed,
  caseReopened,
  caseAssigned,
  caseTaskAdded,
  caseTaskCompleted,
] as const;
