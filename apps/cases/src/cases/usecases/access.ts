import { type Case, type Principal } from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';

import { mayRead } from '../domain/case-workflow';
import { type CaseRepository } from './ports';

export function principalOf(context: RequestContext): Principal {
  if (!context.principal) {
    throw ServiceError.unauthenticated('Cases are only available to an authenticated principal');
  }
  return context.principal;
}

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
