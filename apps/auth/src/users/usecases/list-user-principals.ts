import { Injectable } from '@nestjs/common';
import {
  type Classification,
  type HandlerReplyOf,
  type HandlerRequestOf,
  type listUserPrincipals,
} from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';

import { type KeycloakUser, KeycloakUsers } from './ports';

export type ListUserPrincipalsQuery = HandlerRequestOf<typeof listUserPrincipals> & {
  context: RequestContext;
};

type Reply = HandlerReplyOf<typeof listUserPrincipals>;

/**
 * The users named, as the principals a service acts as on their behalf: the notifications service
 * evaluates each analytic rule as its owner, with the roles, office and clearance they hold now.
 * Services ask it, with no principal; a user's request is refused, since it would let a user act
 * as another.
 */
@Injectable()
export class ListUserPrincipals {
  constructor(private readonly keycloak: KeycloakUsers) {}

  async execute(query: ListUserPrincipalsQuery): Promise<Reply> {
    if (query.context.principal) {
      throw ServiceError.forbidden('Principals are answered to services only, not to users');
    }
    const accounts = await Promise.all(
      [...new Set(query.users)].map((id) => this.keycloak.get(id)),
    );
    return {
      items: accounts
        .filter((account): account is KeycloakUser => account !== null)
        .filter((account) => !account.serviceAccount)
        .map(principalOf),
    };
  }
}

function principalOf(account: KeycloakUser): Reply['items'][number] {
  return {
    sub: account.id,
    username: account.username,
    roles: account.roles,
    ...(account.office ? { office: account.office } : {}),
    ...(account.clearance ? { clearance: account.clearance as Classification } : {}),
    enabled: account.enabled,
  };
}
