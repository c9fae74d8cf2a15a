import {
  type Case,
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

/** The URL of a case, as in Location. */
const caseLocation = (kase: Case) => `${BASE}/${encodeURIComponent(kase.id)}`;
/** A reply that is the case answers its version as ETag. */
const caseVersion = (kase: Case) => kase.version;

/** What a read of a case names in the audit trail: the case, its parties and its conveyance. */
const caseRecords = (kase: Case) => [
  { kind: 'case' as const, id: kase.id },
  ...kase.parties.map((party) => ({ kind: party.subjectType, id: party.subjectId })),
  ...(kase.conveyance?.conveyanceId
    ? [{ kind: 'conveyance' as const, id: kase.conveyance.conveyanceId }]
    : []),
];

/**
 * The routes of the core case contracts, one per contract. `:id` is a case id or a case number
 * (`FRACDG-2026-000042`). Every change but a comment takes the version the caller read, as
 * If-Match (the ETag of the case) or `version` in the body; 409 when the case changed since.
 * Replies that hold the case carry its version as ETag. A fixed segment where `:id` stands (say
 * `GET /cases/statistics`) wins over `:id`, whatever the order of the routes.
 */
export const caseRoutes = {
  create: contractRoute({
    operationId: 'createCase',
    method: 'POST',
    path: BASE,
    contract: createCase,
    summary: "Record a draft case in the caller's office; it gets its number",
    input: 'body',
    policy: 'caseWriters',
    status: 201,
    location: caseLocation,
    etag: caseVersion,
  }),
  get: contractRoute({
    operationId: 'getCase',
    method: 'GET',
    path: `${BASE}/:id`,
    contract: getCase,
    summary: 'One case by id or by case number',
    input: 'query',
    policy: 'caseReaders',
    status: 200,
    etag: caseVersion,
    audit: { records: caseRecords, purpose: 'optional' },
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
    policy: 'caseWriters',
    status: 200,
    etag: caseVersion,
  }),
  history: contractRoute({
    operationId: 'caseHistory',
    method: 'GET',
    path: `${BASE}/:id/history`,
    contract: caseHistory,
    summary: 'Every change of a case: who, when, which version, which fields, the comment',
    input: 'query',
    policy: 'caseReaders',
    status: 200,
    audit: { records: (_reply, { id }) => [{ kind: 'case', id }], purpose: 'optional' },
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
    policy: 'caseWriters',
    status: 200,
    etag: caseVersion,
  }),
  validate: contractRoute({
    operationId: 'validateCase',
    method: 'POST',
    path: `${BASE}/:id/validate`,
    contract: validateCase,
    summary: 'Validate a submitted case',
    input: 'body',
    versionField: 'version',
    policy: 'caseSupervisors',
    status: 200,
    etag: caseVersion,
  }),
  reject: contractRoute({
    operationId: 'rejectCase',
    method: 'POST',
    path: `${BASE}/:id/reject`,
    contract: rejectCase,
    summary: 'Send a submitted case back to draft, with the reason',
    input: 'body',
    versionField: 'version',
    policy: 'caseSupervisors',
    status: 200,
    etag: caseVersion,
  }),
  close: contractRoute({
    operationId: 'closeCase',
    method: 'POST',
    path: `${BASE}/:id/close`,
    contract: closeCase,
    summary: 'Close a validated case',
    input: 'body',
    versionField: 'version',
    policy: 'caseSupervisors',
    status: 200,
    etag: caseVersion,
  }),
  reopen: contractRoute({
    operationId: 'reopenCase',
    method: 'POST',
    path: `${BASE}/:id/reopen`,
    contract: reopenCase,
    summary: 'Reopen a validated or closed case as a draft, with the reason',
    input: 'body',
    versionField: 'version',
    policy: 'caseSupervisors',
    status: 200,
    etag: caseVersion,
  }),
  assign: contractRoute({
    operationId: 'assignCase',
    method: 'POST',
    path: `${BASE}/:id/assign`,
    contract: assignCase,
    summary: 'Set the investigators (Keycloak subs) assigned to a case',
    input: 'body',
    versionField: 'version',
    policy: 'caseSupervisors',
    status: 200,
    etag: caseVersion,
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
    policy: 'caseTaskManagers',
    status: 201,
    etag: (reply) => reply.case.version,
  }),
  completeTask: contractRoute({
    operationId: 'completeCaseTask',
    method: 'POST',
    path: `${BASE}/:caseId/tasks/:taskId/complete`,
    contract: completeCaseTask,
    summary: 'Mark a task of a case done',
    input: 'body',
    versionField: 'version',
    policy: 'caseTaskManagers',
    status: 200,
    etag: (reply) => reply.case.version,
  }),
  addComment: contractRoute({
    operationId: 'addCaseComment',
    method: 'POST',
    path: `${BASE}/:caseId/comments`,
    contract: addCaseComment,
    summary: "Add a comment to a case's thread (no version: a comment never makes an edit stale)",
    input: 'body',
    policy: 'caseWriters',
    status: 201,
  }),
  listComments: contractRoute({
    operationId: 'listCaseComments',
    method: 'GET',
    path: `${BASE}/:caseId/comments`,
    contract: listCaseComments,
    summary: "A case's comment thread, oldest first",
    input: 'query',
    policy: 'caseReaders',
    status: 200,
    // Comments are free text about the case's parties.
    audit: { records: (_reply, { caseId }) => [{ kind: 'case', id: caseId }], purpose: 'optional' },
  }),
};
