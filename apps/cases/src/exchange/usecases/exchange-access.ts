import { type Principal } from '@opencen/contracts';
import {
  type OfficePrincipal,
  type RequestContext,
  ServiceError,
  requireOfficeRole,
  requireRole,
} from '@opencen/nest-kit';

/** Liaison officers export every validated case; supervisors only their office's. */
export function exporter(context: RequestContext): Principal {
  const principal = requireRole(context, 'caseExporters', 'Exporting cases');
  if (!principal.roles.includes('liaison') && !principal.office)
    throw ServiceError.forbidden('A supervisor exports the cases of an office; this one has none');
  return principal;
}

/** Officers and supervisors import cases into their own office. */
export function importer(context: RequestContext): OfficePrincipal {
  return requireOfficeRole(context, 'caseImporters', 'Importing cases');
}
