import { EXPORT_ROLES, IMPORT_ROLES, type Principal } from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';

import { principalOf } from '../../cases/usecases/access';

/** Liaison officers export every validated case; supervisors only their office's. */
export function exporter(context: RequestContext): Principal {
  const principal = principalOf(context);
  if (!principal.roles.some((role) => (EXPORT_ROLES as readonly string[]).includes(role)))
    throw ServiceError.forbidden('Exporting cases needs the liaison or supervisor role');
  if (!principal.roles.includes('liaison') && !principal.office)
    throw ServiceError.forbidden('A supervisor exports the cases of an office; this one has none');
  return principal;
}

/** Officers and supervisors import cases into their own office. */
export function importer(context: RequestContext): Principal & { office: string } {
  const principal = principalOf(context);
  if (!principal.roles.some((role) => (IMPORT_ROLES as readonly string[]).includes(role)))
    throw ServiceError.forbidden('Importing cases needs the officer or supervisor role');
  if (!principal.office)
    throw ServiceError.forbidden('Importing cases needs a principal attached to an office');
  return principal as Principal & { office: string };
}
