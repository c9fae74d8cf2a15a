import { Injectable } from '@nestjs/common';
import { type Role, type User, userRolesChanged } from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { assertMayChangeRoles, assertMayManage } from '../domain/user-access';
import { ManagedUsers, causeOf, userEvent } from './managed-users';

/** Makes a user's realm roles exactly those given; only an admin grants or removes admin-only ones. */
@Injectable()
export class ChangeUserRoles {
  constructor(private readonly users: ManagedUsers) {}

  async execute(command: { id: string; roles: Role[]; context: RequestContext }): Promise<User> {
    const actor = this.users.manager(command.context, 'Changing roles');
    const account = await this.users.visible(actor, command.id);
    assertMayManage(actor, account);
    assertMayChangeRoles(actor, account.roles, command.roles);
    const same =
      account.roles.length === command.roles.length &&
      command.roles.every((role) => account.roles.includes(role));
    if (!same) {
      await this.users.keycloak.setRoles(account.id, command.roles);
      await this.users.directory.change(account.id, {}, [
        userEvent(
          userRolesChanged,
          account,
          { roles: command.roles, previousRoles: account.roles },
          causeOf(actor, command.context),
          this.users.clock.now(),
        ),
      ]);
    }
    return this.users.view(account.id);
  }
}
