import { type Principal, type Role } from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';

/**
 * Who may do what with persons. The gateway checks roles too, but each service enforces its own
 * rules on the forwarded principal. `admin` manages the system, not its records: it grants nothing
 * here.
 */
const READERS: readonly Role[] = ['officer', 'supervisor', 'investigator', 'analyst'];
const WRITERS: readonly Role[] = ['officer', 'supervisor', 'investigator'];

function principalOf(context: RequestContext): Principal {
  if (!context.principal) {
    throw ServiceError.unauthenticated('Persons are only available to an authenticated principal');
  }
  return context.principal;
}

export function requireReader(context: RequestContext): Principal {
  const principal = principalOf(context);
  if (!principal.roles.some((role) => READERS.includes(role))) {
    throw ServiceError.forbidden(
      'Reading persons needs the officer, supervisor, investigator or analyst role',
    );
  }
  return principal;
}

/** A writer with an office: records belong to an office, so one without an office cannot write. */
export function requireWriter(context: RequestContext): Principal & { office: string } {
  const principal = principalOf(context);
  if (!principal.roles.some((role) => WRITERS.includes(role))) {
    throw ServiceError.forbidden(
      'Recording persons needs the officer, supervisor or investigator role',
    );
  }
  if (!principal.office) {
    throw ServiceError.forbidden(
      'Recording persons needs a principal attached to a customs office',
    );
  }
  return principal as Principal & { office: string };
}

/**
 * Only the owning office's officers (and supervisors, investigators) edit a record of this
 * service; `kind` names it in the message ("Person", "Company", "Conveyance").
 */
export function assertSameOffice(
  kind: string,
  principal: Principal & { office: string },
  record: { id: string; office: string },
): void {
  if (principal.office !== record.office) {
    throw ServiceError.forbidden(
      `${kind} ${record.id} belongs to office ${record.office}; only its officers may change it`,
    );
  }
}
