import { type Principal, type RuleKind, describePolicy } from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';

import { POLICY_OF, mayKeep } from '../domain/rule';

/** A rule saves a search: only who may run that search may save it (FORBIDDEN otherwise). */
export function assertMayKeep(caller: Principal, kind: RuleKind): void {
  if (!mayKeep(caller, kind)) {
    throw ServiceError.forbidden(
      `A ${kind} rule needs ${describePolicy(POLICY_OF[kind])}, as its search does`,
    );
  }
}
