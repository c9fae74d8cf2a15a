import {
  type Role,
  addCaseComment,
  addCaseTask,
  assignCase,
  caseHistory,
  closeCase,
  completeCaseTask,
  createCase,
  getCase,
  listCaseComments,
  rejectCase,
  reopenCase,
  submitCase,
  updateCase,
  validateCase,
} from '@opencen/contracts';
import { contractRoute } from '../http/contract-route';

const BASE = '/api/v1/cases';

/**
 * Who reads cases. The cases service narrows it: officers and supervisors to their office,
 * investigators to their office and their assignments, liaison officers to validated cases;
 * analysts read every case.
 */
export const CASE_READERS = [
  'officer',
  'supervisor',
  'investigator',
  'analyst',
  'liaison',
] as const satisfies readonly Role[];
/**
 * Who records, edits, submits and comments on cases: officers and supervisors in their office,
 * investigators on the investigations they are assigned to (the service decides which).
 */
export const CASE_WRITERS = [
  'officer',
  'supervisor',
  'investigator',
] as const satisfies readonly Role[];
/** Who validates, rejects, closes, reopens and assigns: supervisors of the case's office. */
export const CASE_SUPERVISORS = ['supervisor'] as const satisfies readonly Role[];
/** Who manages the tasks of an investigation: its office's supervisors, its investigators. */
export const CASE_TASK_MANAGERS = ['supervisor', 'investigator'] as const satisfies readonly Role[];

/**
 * The routes of the core case contracts, one per contract. `:id` is a case id or a case number
 * (`FRACDG-2026-000042`). Every change but a comment takes the version the caller read, as
 * If-Match (the ETag of the case) or `version` in the body; 409 when the case changed since.
 * Replies that hold the case carry its version as ETag.
 *
 * Express tries routes in the order controllers are registered, so a route with a fixed segment
 * where `:id` stands (say `GET /cases/statistics`) must be registered before CasesController, or
 * it is read as the case `statistics`.
 */
export const caseRoutes = {
  create: contractRoute({
    operationId: 'createCase',
    method: 'POST',
    path: BASE,
    contract: createCase,
    summary: "Record a draft case in the caller's office; it gets its number",
    input: 'body',
    roles: CASE_WRITERS,
    status: 201,
    responseHeaders: ['Location', 'ETag'],
  }),
  get: contractRoute({
    operationId: 'getCase',
    method: 'GET',
    path: `${BASE}/:id`,
    contract: getCase,
    summary: 'One case by id or by case number',
    input: 'query',
    roles: CASE_READERS,
    status: 200,
    responseHeaders: ['ETag'],
  }),
  update: contractRoute({
    operationId: 'updateCase',
    method: 'PUT',
    path: `${BASE}/:id`,
    contract: updateCase,
    summary: "Replace a draft case's details (the body is the draft; the version is If-Match)",
    input: 'body',
    bodyField: 'draft',
    versionField: 'version',
    roles: CASE_WRITERS,
    status: 200,
    responseHeaders: ['ETag'],
  }),
  history: contractRoute({
    operationId: 'caseHistory',
    method: 'GET',
    path: `${BASE}/:id/history`,
    contract: caseHistory,
    summary: 'Every change of a case: who, when, which version, which fields, the comment',
    input: 'query',
    roles: CASE_READERS,
    status: 200,
  }),
  submit: contractRoute({
    operationId: 'submitCase',
    method: 'POST',
    path: `${BASE}/:id/submit`,
    contract: submitCase,
    summary:
      'Submit a draft for validation; without the mandatory minimum, a 400 names every missing field (`draft.…`)',
    input: 'body',
    versionField: 'version',
    roles: CASE_WRITERS,
    status: 200,
    responseHeaders: ['ETag'],
  }),
  validate: contractRoute({
    operationId: 'validateCase',
    method: 'POST',
    path: `${BASE}/:id/validate`,
    contract: validateCase,
    summary: 'Validate a submitted case',
    input: 'body',
    versionField: 'version',
    roles: CASE_SUPERVISORS,
    status: 200,
    responseHeaders: ['ETag'],
  }),
  reject: contractRoute({
    operationId: 'rejectCase',
    method: 'POST',
    path: `${BASE}/:id/reject`,
    contract: rejectCase,
    summary: 'Send a submitted case back to draft, with the reason',
    input: 'body',
    versionField: 'version',
    roles: CASE_SUPERVISORS,
    status: 200,
    responseHeaders: ['ETag'],
  }),
  close: contractRoute({
    operationId: 'closeCase',
    method: 'POST',
    path: `${BASE}/:id/close`,
    contract: closeCase,
    summary: 'Close a validated case',
    input: 'body',
    versionField: 'version',
    roles: CASE_SUPERVISORS,
    status: 200,
    responseHeaders: ['ETag'],
  }),
  reopen: contractRoute({
    operationId: 'reopenCase',
    method: 'POST',
    path: `${BASE}/:id/reopen`,
    contract: reopenCase,
    summary: 'Reopen a validated or closed case as a draft, with the reason',
    input: 'body',
    versionField: 'version',
    roles: CASE_SUPERVISORS,
    status: 200,
    responseHeaders: ['ETag'],
  }),
  assign: contractRoute({
    operationId: 'assignCase',
    method: 'POST',
    path: `${BASE}/:id/assign`,
    contract: assignCase,
    summary: 'Set the investigators (Keycloak subs) assigned to a case',
    input: 'body',
    versionField: 'version',
    roles: CASE_SUPERVISORS,
    status: 200,
    responseHeaders: ['ETag'],
  }),
  addTask: contractRoute({
    operationId: 'addCaseTask',
    method: 'POST',
    path: `${BASE}/:caseId/tasks`,
    contract: addCaseTask,
    summary: 'Add a task, with an optional due date and assignee, to a case that is not closed',
    successDescription: 'Added: the case (its new version is the ETag) and the task',
    input: 'body',
    versionField: 'version',
    roles: CASE_TASK_MANAGERS,
    status: 201,
    responseHeaders: ['ETag'],
  }),
  completeTask: contractRoute({
    operationId: 'completeCaseTask',
    method: 'POST',
    path: `${BASE}/:caseId/tasks/:taskId/complete`,
    contract: completeCaseTask,
    summary: 'Mark a task of a case done',
    input: 'body',
    versionField: 'version',
    roles: CASE_TASK_MANAGERS,
    status: 200,
    responseHeaders: ['ETag'],
  }),
  addComment: contractRoute({
    operationId: 'addCaseComment',
    method: 'POST',
    path: `${BASE}/:caseId/comments`,
    contract: addCaseComment,
    summary: "Add a comment to a case's thread (no version: a comment never makes an edit stale)",
    input: 'body',
    roles: CASE_WRITERS,
    status: 201,
  }),
  listComments: contractRoute({
    operationId: 'listCaseComments',
    method: 'GET',
    path: `${BASE}/:caseId/comments`,
    contract: listCaseComments,
    summary: "A case's comment thread, oldest first",
    input: 'query',
    roles: CASE_READERS,
    status: 200,
  }),
};
