import { type Alert, type Principal } from '@opencen/contracts';
import {
  type OfficePrincipal,
  type RequestContext,
  ServiceError,
  requireOfficeRole,
  requireRole,
} from '@opencen/nest-kit';

/**
 * Who may do what with alerts (contracts' ROLE_POLICIES): investigators and supervisors manage
 * them, in their office; every role that reads persons reads alerts. `admin` grants nothing here.
 */
export function requireAlertReader(context: RequestContext): Principal {
  return requireRole(context, 'alertReaders', 'Reading alerts');
}

export function requireAlertManager(context: RequestContext): OfficePrincipal {
  return requireOfficeRole(context, 'alertManagers', 'Managing alerts');
}

export function assertOwningOffice(principal: OfficePrincipal, alert: Alert): void {
  if (principal.office !== alert.ownerOffice) {
    throw ServiceError.forbidden(
      `Alert ${alert.id} belongs to office ${alert.ownerOffice}; only its investigators and supervisors may change it`,
    );
  }
}
