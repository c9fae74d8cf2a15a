import { Injectable } from '@nestjs/common';
import { type User, userSessionsEnded } from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { assertMayManage } from '../domain/user-access';
import { ManagedUsers, causeOf, userEvent } from './managed-users';

/** Ends every session of a user: their refresh tokens stop working. */
@Injectable()
export class EndUserSessions {
  constructor(private readonly users: ManagedUsers) {}

  async execute(command: { id: string; context: RequestContext }): Promise<User> {
    const actor = this.users.manager(command.context, 'Ending sessions');
    const account = await this.users.visible(actor, command.id);
    assertMayManage(actor, account);
    await this.users.keycloak.logout(account.id);
    await this.users.directory.change(account.id, {}, [
      userEvent(
        userSessionsEnded,
        account,
        {},
        causeOf(actor, command.context),
        this.users.clock.now(),
      ),
    ]);
    return this.users.view(account.id);
  }
}
