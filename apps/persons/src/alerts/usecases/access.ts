import { type Alert, type Principal, type Role } from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';

/**
 * Who may do what with alerts: investigators and supervisors manage them, in their office; every
 * role that reads persons reads alerts. `admin` grants nothing here.
 */
const READERS: readonly Role[] = ['officer', 'supervisor', 'investigator', 'analyst'];
const MANAGERS: readonly Role[] = ['supervisor', 'investigator'];

function principalOf(context: RequestContext): Principal {
  if (!context.principal) {
    throw ServiceError.unauthenticated('Alerts are only available to an authenticated principal');
  }
  return context.principal;
}

export function requireAlertReader(context: RequestContext): Principal {
  const principal = principalOf(context);
  if (!principal.roles.some((role) => READERS.includes(role))) {
    throw ServiceError.forbidden(
      'Reading alerts needs the officer, supervisor, investigator or analyst role',
    );
  }
  return principal;
}

export function requireAlertManager(context: RequestContext): Principal & { office: string } {
  const principal = principalOf(context);
  if (!principal.roles.some((role) => MANAGERS.includes(role))) {
    throw ServiceError.forbidden('Managing alerts needs the investigator or supervisor role');
  }
  if (!principal.office) {
    throw ServiceError.forbidden('Managing alerts needs a principal attached to a customs office');
  }
  return principal as Principal & { office: string };
}

export function assertOwningOffice(principal: Principal & { office: string }, alert: Alert): void {
  if (principal.office !== alert.ownerOffice) {
    throw ServiceError.forbidden(
      `Alert ${alert.id} belongs to office ${alert.ownerOffice}; only its investigators and supervisors may change it`,
    );
  }
}
