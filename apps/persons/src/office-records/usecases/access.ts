import { type Principal } from '@opencen/contracts';
import {
  type OfficePrincipal,
  type RequestContext,
  ServiceError,
  requireOfficeRole,
  requireRole,
} from '@opencen/nest-kit';

/**
 * Who may do what with persons, companies and conveyances: contracts' ROLE_POLICIES, the same the
 * gateway's routes check; each service enforces them again on the forwarded principal. `admin`
 * manages the system, not its records: it grants nothing here.
 */
export function requireReader(context: RequestContext): Principal {
  return requireRole(context, 'recordReaders', 'Reading persons');
}

/** A writer with an office: records belong to an office, so one without an office cannot write. */
export function requireWriter(context: RequestContext): OfficePrincipal {
  return requireOfficeRole(context, 'recordWriters', 'Recording persons');
}

/**
 * Only the owning office's officers (and supervisors, investigators) edit a record of this
 * service; `kind` names it in the message ("Person", "Company", "Conveyance").
 */
export function assertSameOffice(
  kind: string,
  principal: OfficePrincipal,
  record: { id: string; office: string },
): void {
  if (principal.office !== record.office) {
    throw ServiceError.forbidden(
      `${kind} ${record.id} belongs to office ${record.office}; only its officers may change it`,
    );
  }
}
