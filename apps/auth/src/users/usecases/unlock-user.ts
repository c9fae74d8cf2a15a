import { Injectable } from '@nestjs/common';
import { type User, userUnlocked } from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';

import { assertMayManage } from '../domain/user-access';
import { ManagedUsers, causeOf, userEvent } from './managed-users';

/**
 * An admin or the user's supervisor unlocks an account locked for inactivity: it is enabled again
 * and its inactivity period starts now. CONFLICT when it is not locked.
 */
@Injectable()
export class UnlockUser {
  constructor(private readonly users: ManagedUsers) {}

  async execute(command: { id: string; context: RequestContext }): Promise<User> {
    const actor = this.users.manager(command.context, 'Unlocking users');
    const account = await this.users.visible(actor, command.id);
    assertMayManage(actor, account);
    const entry = await this.users.directory.get(account.id);
    if (!entry?.lock) {
      throw ServiceError.conflict('The account is not locked', [
        { path: 'id', reason: 'not locked', code: 'not_locked' },
      ]);
    }
    const now = this.users.clock.now();
    await this.users.keycloak.update(account.id, { enabled: true });
    await this.users.directory.change(account.id, { lock: null, periodStartedAt: now }, [
      userEvent(userUnlocked, account, {}, causeOf(actor, command.context), now),
    ]);
    return this.users.view(account.id);
  }
}
