import { type CaseSearchFilter } from '@opencen/contracts';
import { type RequestContext, ServiceError, requireRole } from '@opencen/nest-kit';

import { caseReadScope } from '../../cases/domain/case-workflow';
import { type CaseQuery, caseQueryOf } from '../domain/case-query';

/**
 * The query of a filter for the calling principal, limited to the cases they may read (the same
 * rules as reading one case). A principal who may read no case at all (no reading role, or an
 * officer attached to no office) is FORBIDDEN.
 */
export function scopedQuery(filter: CaseSearchFilter, context: RequestContext): CaseQuery {
  const principal = requireRole(context, 'caseReaders', 'Searching cases');
  const scope = caseReadScope(principal);
  if (
    !scope.all &&
    scope.offices.length === 0 &&
    scope.assignedTo === undefined &&
    scope.statuses.length === 0
  ) {
    throw ServiceError.forbidden('Searching cases needs a principal attached to a customs office');
  }
  return caseQueryOf(filter, scope);
}
