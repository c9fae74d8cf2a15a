import { auditRecordTrail, auditUserActivity, verifyAuditChain } from '@opencen/contracts';
import { contractRoute } from '../http/contract-route';

const BASE = '/api/v1/audit';

/**
 * The auditors' routes over the audit trail that the auth service keeps: who read or changed a
 * record, what a user did, and whether the chain still holds. Only auditors call them, and what
 * they read is not itself recorded as a read of the records it names (those entries are about
 * other users' processing).
 */
export const auditRoutes = {
  recordTrail: contractRoute({
    operationId: 'auditRecordTrail',
    method: 'GET',
    path: `${BASE}/records/:kind/:id`,
    contract: auditRecordTrail,
    summary:
      'Who read or changed a record (person, company, conveyance, case, photo, alert, export, user), newest first, in a period, a page at a time',
    input: 'query',
    policy: 'auditors',
    status: 200,
  }),
  userActivity: contractRoute({
    operationId: 'auditUserActivity',
    method: 'GET',
    path: `${BASE}/users/:sub`,
    contract: auditUserActivity,
    summary: 'What a user (their Keycloak sub) read or changed, newest first, in a period',
    input: 'query',
    policy: 'auditors',
    status: 200,
  }),
  verify: contractRoute({
    operationId: 'verifyAuditChain',
    method: 'POST',
    path: `${BASE}/verify`,
    contract: verifyAuditChain,
    summary:
      'Recompute a range of the audit chain (at most 1,000 entries) and its signed checkpoints: valid, or the first entry modified, removed, inserted or reordered; `nextFrom` where the next range starts',
    input: 'body',
    policy: 'auditors',
    status: 200,
  }),
};
