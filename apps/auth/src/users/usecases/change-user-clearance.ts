import { Injectable } from '@nestjs/common';
import {
  type Classification,
  type User,
  classificationSchema,
  userClearanceChanged,
} from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { assertClearanceWithin, assertMayManage } from '../domain/user-access';
import { ManagedUsers, causeOf, userEvent } from './managed-users';

/** Changes a user's clearance, never above the caller's own. */
@Injectable()
export class ChangeUserClearance {
  constructor(private readonly users: ManagedUsers) {}

  async execute(command: {
    id: string;
    clearance: Classification;
    context: RequestContext;
  }): Promise<User> {
    const actor = this.users.manager(command.context, 'Changing clearances');
    const account = await this.users.visible(actor, command.id);
    assertMayManage(actor, account);
    assertClearanceWithin(actor, command.clearance);
    if (account.clearance !== command.clearance) {
      const previous = classificationSchema.safeParse(account.clearance);
      await this.users.keycloak.update(account.id, { clearance: command.clearance });
      await this.users.directory.change(account.id, {}, [
        userEvent(
          userClearanceChanged,
          account,
          {
            clearance: command.clearance,
            ...(previous.success ? { previousClearance: previous.data } : {}),
          },
          causeOf(actor, command.context),
          this.users.clock.now(),
        ),
      ]);
    }
    return this.users.view(account.id);
  }
}
