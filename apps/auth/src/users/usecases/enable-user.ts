import { Injectable } from '@nestjs/common';
import { type User, userEnabled } from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';

import { assertMayManage } from '../domain/user-access';
import { ManagedUsers, causeOf, userEvent } from './managed-users';

/**
 * Enables a disabled user. A user locked for inactivity is refused here (CONFLICT): unlocking
 * (auth.user.unlock) also starts their period again, and is recorded as such.
 */
@Injectable()
export class EnableUser {
  constructor(private readonly users: ManagedUsers) {}

  async execute(command: { id: string; context: RequestContext }): Promise<User> {
    const actor = this.users.manager(command.context, 'Enabling users');
    const account = await this.users.visible(actor, command.id);
    assertMayManage(actor, account);
    const entry = await this.users.directory.get(account.id);
    if (entry?.lock) {
      throw ServiceError.conflict('The account is locked for inactivity: unlock it instead', [
        { path: 'id', reason: 'locked for inactivity', code: 'locked' },
      ]);
    }
    if (!account.enabled) {
      await this.users.keycloak.update(account.id, { enabled: true });
      await this.users.directory.change(account.id, {}, [
        userEvent(
          userEnabled,
          account,
          {},
          causeOf(actor, command.context),
          this.users.clock.now(),
        ),
      ]);
    }
    return this.users.view(account.id);
  }
}
