import { Injectable } from '@nestjs/common';
import { listUserPrincipals } from '@opencen/contracts';
import { ContractClient, currentContext, newCorrelationId } from '@opencen/nest-kit';

import { type OwnerPrincipal, RuleOwners } from '../usecases/ports';

/** The most users one request names (the contract's bound). */
const USERS_PER_REQUEST = 200;

/**
 * Asks the auth service who the rules' owners are now (`auth.user.principals`, as a service: no
 * principal), each time: a rule is evaluated with the roles, office and clearance its owner holds
 * when the record changes. Its UNAVAILABLE or TIMEOUT error fails the evaluation, which the
 * consumer retries.
 */
@Injectable()
export class AuthRuleOwners extends RuleOwners {
  constructor(private readonly client: ContractClient) {
    super();
  }

  async principals(users: readonly string[]): Promise<Map<string, OwnerPrincipal>> {
    const found = new Map<string, OwnerPrincipal>();
    for (let i = 0; i < users.length; i += USERS_PER_REQUEST) {
      const reply = await this.client.send(
        listUserPrincipals,
        { users: users.slice(i, i + USERS_PER_REQUEST) },
        { context: { correlationId: currentContext()?.correlationId ?? newCorrelationId() } },
      );
      for (const item of reply.items) found.set(item.sub, item);
    }
    return found;
  }
}
