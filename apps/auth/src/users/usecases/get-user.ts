import { Injectable } from '@nestjs/common';
import { type User } from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { ManagedUsers, toUser } from './managed-users';

/** One user, if the caller may see them (NOT_FOUND otherwise). */
@Injectable()
export class GetUser {
  constructor(private readonly users: ManagedUsers) {}

  async execute(query: { id: string; context: RequestContext }): Promise<User> {
    const actor = this.users.manager(query.context, 'Reading users');
    const account = await this.users.visible(actor, query.id);
    return toUser(account, await this.users.directory.get(account.id));
  }
}
