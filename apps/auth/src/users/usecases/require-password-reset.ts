import { Injectable } from '@nestjs/common';
import { type User, userPasswordResetRequired } from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { assertMayManage } from '../domain/user-access';
import { ManagedUsers, causeOf, userEvent } from './managed-users';

/** Makes the user choose a new password at their next sign-in (required action UPDATE_PASSWORD). */
@Injectable()
export class RequirePasswordReset {
  constructor(private readonly users: ManagedUsers) {}

  async execute(command: { id: string; context: RequestContext }): Promise<User> {
    const actor = this.users.manager(command.context, 'Resetting passwords');
    const account = await this.users.visible(actor, command.id);
    assertMayManage(actor, account);
    if (!account.requiredActions.includes('UPDATE_PASSWORD')) {
      await this.users.keycloak.update(account.id, {
        requiredActions: [...account.requiredActions, 'UPDATE_PASSWORD'],
      });
    }
    await this.users.directory.change(account.id, {}, [
      userEvent(
        userPasswordResetRequired,
        account,
        {},
        causeOf(actor, command.context),
        this.users.clock.now(),
      ),
    ]);
    return this.users.view(account.id);
  }
}
