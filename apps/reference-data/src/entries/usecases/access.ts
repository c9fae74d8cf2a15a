import { type Principal } from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';

/**
 * Only administrators change reference data. The gateway checks roles too, but each service
 * enforces its own rules on what the forwarded principal may do.
 */
export function requireAdmin(context: RequestContext): Principal {
  const { principal } = context;
  if (!principal) {
    throw new ServiceError(
      'UNAUTHENTICATED',
      'Changing reference data needs an authenticated principal',
    );
  }
  if (!principal.roles.includes('admin')) {
    throw ServiceError.forbidden('Only administrators change reference data');
  }
  return principal;
}
