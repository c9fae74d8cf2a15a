import { Injectable } from '@nestjs/common';
import {
  type CloudEvent,
  type EventContract,
  type EventDataInputOf,
  type Principal,
  type User,
  buildEvent,
  classificationSchema,
} from '@opencen/contracts';
import { Clock, type RequestContext, ServiceError, requireRole } from '@opencen/nest-kit';

import { maySee } from '../domain/user-access';
import { type DirectoryEntry, type KeycloakUser, KeycloakUsers, UserDirectory } from './ports';

/** A user as the auth service shows them: Keycloak's account and the service's directory data. */
export function toUser(account: KeycloakUser, entry: DirectoryEntry | null): User {
  const clearance = classificationSchema.safeParse(account.clearance);
  return {
    id: account.id,
    username: account.username,
    ...(account.firstName ? { firstName: account.firstName } : {}),
    ...(account.lastName ? { lastName: account.lastName } : {}),
    ...(account.email ? { email: account.email } : {}),
    enabled: account.enabled,
    ...(account.office ? { office: account.office } : {}),
    roles: account.roles,
    ...(clearance.success ? { clearance: clearance.data } : {}),
    requiredActions: account.requiredActions,
    createdAt: account.createdAt.toISOString(),
    ...(entry?.lastLoginAt ? { lastLoginAt: entry.lastLoginAt.toISOString() } : {}),
    ...(entry?.lock
      ? { lock: { reason: entry.lock.reason, at: entry.lock.at.toISOString() } }
      : {}),
  };
}

/** Who caused an event: a principal's request, or the service's own job. */
export interface EventCause {
  readonly actor: string;
  readonly correlationId: string;
  readonly causationId?: string;
}

/** The cause of what a request does. */
export function causeOf(actor: Principal, context: RequestContext): EventCause {
  return {
    actor: actor.sub,
    correlationId: context.correlationId,
    ...(context.causationId ? { causationId: context.causationId } : {}),
  };
}

/** A user event about `account`, at `time`. */
export function userEvent<C extends EventContract>(
  contract: C,
  account: Pick<KeycloakUser, 'id' | 'office'>,
  data: Omit<EventDataInputOf<C>, 'userId' | 'office'>,
  cause: EventCause,
  time: Date,
): CloudEvent {
  return buildEvent(contract, {
    subject: account.id,
    data: {
      userId: account.id,
      ...(account.office ? { office: account.office } : {}),
      ...data,
    } as EventDataInputOf<C>,
    correlationId: cause.correlationId,
    ...(cause.causationId ? { causationId: cause.causationId } : {}),
    actor: cause.actor,
    time,
  });
}

/** The user managers' access to one user, and the view of a user after a change. */
@Injectable()
export class ManagedUsers {
  constructor(
    readonly keycloak: KeycloakUsers,
    readonly directory: UserDirectory,
    readonly clock: Clock,
  ) {}

  /** The calling user manager: an admin, or a supervisor attached to an office. */
  manager(context: RequestContext, action: string): Principal {
    const actor = requireRole(context, 'userManagers', action);
    if (!actor.roles.includes('admin') && !actor.office) {
      throw ServiceError.forbidden(`${action} needs a principal attached to a customs office`);
    }
    return actor;
  }

  /** The user `id` as `actor` may see them; NOT_FOUND when there is none or it is not theirs. */
  async visible(actor: Principal, id: string): Promise<KeycloakUser> {
    const account = await this.keycloak.get(id);
    if (!account || account.serviceAccount || !maySee(actor, account)) {
      throw ServiceError.notFound(`No user ${id}`);
    }
    return account;
  }

  /** The user as they are now. */
  async view(id: string): Promise<User> {
    const account = await this.keycloak.get(id);
    if (!account) throw ServiceError.notFound(`No user ${id}`);
    return toUser(account, await this.directory.get(id));
  }
}
