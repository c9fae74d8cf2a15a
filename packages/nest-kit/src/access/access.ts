import {
  type Principal,
  type RolePolicy,
  clearanceOf,
  describePolicy,
  holdsPolicy,
  mayRead,
} from '@opencen/contracts';

import { type RequestContext } from '../context/request-context';
import { ServiceError } from '../errors/service-error';

/** A principal attached to a customs office: the only kind that may own records. */
export type OfficePrincipal = Principal & { office: string };

/**
 * The forwarded principal, or UNAUTHENTICATED naming what was asked for ("Persons" → "Persons
 * are only available to an authenticated principal").
 */
export function requirePrincipal(context: RequestContext, what: string): Principal {
  if (!context.principal) {
    throw ServiceError.unauthenticated(`${what} are only available to an authenticated principal`);
  }
  return context.principal;
}

/**
 * The forwarded principal if it holds the policy (contracts' ROLE_POLICIES, the same the gateway's
 * route checks), else FORBIDDEN saying which roles `action` needs ("Reading persons needs the
 * officer, supervisor, investigator or analyst role"). The gateway checks first; each service
 * checks again on what it is handed.
 */
export function requireRole(
  context: RequestContext,
  policy: RolePolicy,
  action: string,
): Principal {
  if (!context.principal) {
    throw ServiceError.unauthenticated(`${action} needs an authenticated principal`);
  }
  if (!holdsPolicy(context.principal, policy)) {
    throw ServiceError.forbidden(`${action} needs ${describePolicy(policy)}`);
  }
  return context.principal;
}

/** {@link requireRole}, and the principal must be attached to a customs office. */
export function requireOfficeRole(
  context: RequestContext,
  policy: RolePolicy,
  action: string,
): OfficePrincipal {
  const principal = requireRole(context, policy, action);
  if (!principal.office) {
    throw ServiceError.forbidden(`${action} needs a principal attached to a customs office`);
  }
  return principal as OfficePrincipal;
}

/**
 * Refuses to classify a record above the writer's own clearance (they could no longer read what
 * they wrote): VALIDATION_FAILED naming the field, e.g. `draft.classification`.
 */
export function assertWithinClearance(
  principal: Principal,
  classification: string,
  path: string,
): void {
  if (mayRead(principal, classification)) return;
  throw ServiceError.validation('The classification is above your clearance', [
    {
      path,
      reason: `${classification} is above your clearance (${clearanceOf(principal)})`,
      code: 'above_clearance',
    },
  ]);
}
