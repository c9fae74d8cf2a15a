import { Injectable } from '@nestjs/common';
import { type User, userDisabled } from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { assertMayManage } from '../domain/user-access';
import { ManagedUsers, causeOf, userEvent } from './managed-users';

/** Disables a user: Keycloak refuses their sign-ins, and their sessions end. */
@Injectable()
export class DisableUser {
  constructor(private readonly users: ManagedUsers) {}

  async execute(command: { id: string; context: RequestContext }): Promise<User> {
    const actor = this.users.manager(command.context, 'Disabling users');
    const account = await this.users.visible(actor, command.id);
    assertMayManage(actor, account);
    if (account.enabled) {
      await this.users.keycloak.update(account.id, { enabled: false });
      await this.users.keycloak.logout(account.id);
      await this.users.directory.change(account.id, {}, [
        userEvent(
          userDisabled,
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
