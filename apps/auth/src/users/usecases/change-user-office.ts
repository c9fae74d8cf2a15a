import { Injectable } from '@nestjs/common';
import { type User, userOfficeChanged } from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';

import { assertMayMove } from '../domain/user-access';
import { ManagedUsers, causeOf, userEvent } from './managed-users';
import { CustomsOffices } from './ports';

/** Moves a user to another customs office of reference data (admins only). */
@Injectable()
export class ChangeUserOffice {
  constructor(
    private readonly users: ManagedUsers,
    private readonly offices: CustomsOffices,
  ) {}

  async execute(command: { id: string; office: string; context: RequestContext }): Promise<User> {
    const actor = this.users.manager(command.context, 'Moving users');
    const account = await this.users.visible(actor, command.id);
    assertMayMove(actor);
    if (account.office === command.office) return this.users.view(account.id);
    const problem = await this.offices.problemWith(command.office);
    if (problem) {
      throw ServiceError.validation('The office is not a customs office of reference data', [
        { path: 'office', reason: problem, code: 'unknown_office' },
      ]);
    }
    await this.users.keycloak.update(account.id, { office: command.office });
    await this.users.directory.change(account.id, {}, [
      userEvent(
        userOfficeChanged,
        { id: account.id, office: command.office },
        account.office ? { previousOffice: account.office } : {},
        causeOf(actor, command.context),
        this.users.clock.now(),
      ),
    ]);
    return this.users.view(account.id);
  }
}
