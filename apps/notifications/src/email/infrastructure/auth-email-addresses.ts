import { Injectable } from '@nestjs/common';
import { listUserRecipients } from '@opencen/contracts';
import { ContractClient, currentContext, newCorrelationId } from '@opencen/nest-kit';

import { EmailAddresses } from '../usecases/ports';

/**
 * Asks the auth service for a user's e-mail address (`auth.user.recipients`, as a service: no
 * principal), each time: an address changed in Keycloak is used from the next notification on.
 */
@Injectable()
export class AuthEmailAddresses extends EmailAddresses {
  constructor(private readonly client: ContractClient) {
    super();
  }

  async of(user: string): Promise<string | null> {
    const reply = await this.client.send(
      listUserRecipients,
      { users: [user] },
      { context: { correlationId: currentContext()?.correlationId ?? newCorrelationId() } },
    );
    return reply.items.find((item) => item.id === user)?.email ?? null;
  }
}
