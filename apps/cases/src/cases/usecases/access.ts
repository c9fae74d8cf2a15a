import { type Case, type Principal, type RolePolicy } from '@opencen/contracts';
import {
  type RequestContext,
  ServiceError,
  requirePrincipal,
  requireRole,
} from '@opencen/nest-kit';

import { mayRead } from '../domain/case-workflow';
import { type CaseRepository } from './ports';

/**
 * The case by id or number, if the principal may read it. A case another office's officer may not
 * read is NOT_FOUND, not FORBIDDEN: its existence is not theirs to know.
 */
export async function readableCase(
  cases: CaseRepository,
  principal: Principal,
  idOrNumber: string,
): Promise<Case> {
  const kase = (await cases.findById(idOrNumber)) ?? (await cases.findByNumber(idOrNumber));
  if (!kase || !mayRead(principal, kase)) throw ServiceError.notFound(`No case ${idOrNumber}`);
  return kase;
}

/**
 * The case a principal is about to change, and that principal: NOT_FOUND when they may not read
 * it (as for a reader), then FORBIDDEN without a role of the policy. The domain's rules narrow it
 * further (office, assignment, status).
 */
export async function caseToChange(
  cases: CaseRepository,
  context: RequestContext,
  idOrNumber: string,
  policy: RolePolicy,
  action: string,
): Promise<{ principal: Principal; kase: Case }> {
  const kase = await readableCase(cases, requirePrincipal(context, 'Cases'), idOrNumber);
  return { principal: requireRole(context, policy, action), kase };
}
