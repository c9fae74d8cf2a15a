import { randomBytes } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  type createUser,
  userCreated,
} from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';

import {
  assertClearanceWithin,
  assertMayChangeRoles,
  assertMayPlaceIn,
} from '../domain/user-access';
import { ManagedUsers, causeOf, userEvent } from './managed-users';
import { CustomsOffices } from './ports';

export type CreateUserCommand = HandlerRequestOf<typeof createUser> & { context: RequestContext };

/** What a new user must do at their first sign-in. */
export const NEW_USER_ACTIONS = ['UPDATE_PASSWORD', 'UPDATE_PROFILE'] as const;

/** A temporary password: 18 random bytes, 24 characters of base64url. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}

/**
 * Creates a user in a customs office of reference data, with roles and a clearance the caller may
 * give, and a temporary password returned once; the user changes it and completes their profile
 * at their first sign-in. Nothing is created when anything is refused.
 */
@Injectable()
export class CreateUser {
  constructor(
    private readonly users: ManagedUsers,
    private readonly offices: CustomsOffices,
  ) {}

  async execute(command: CreateUserCommand): Promise<HandlerReplyOf<typeof createUser>> {
    const actor = this.users.manager(command.context, 'Creating users');
    assertMayPlaceIn(actor, command.office);
    assertMayChangeRoles(actor, [], command.roles);
    assertClearanceWithin(actor, command.clearance);
    const problem = await this.offices.problemWith(command.office);
    if (problem) {
      throw ServiceError.validation('The office is not a customs office of reference data', [
        { path: 'office', reason: problem, code: 'unknown_office' },
      ]);
    }
    const temporaryPassword = command.temporaryPassword ?? generatePassword();
    const id = await this.users.keycloak.create({
      username: command.username,
      firstName: command.firstName,
      lastName: command.lastName,
      email: command.email,
      office: command.office,
      clearance: command.clearance,
      temporaryPassword,
      requiredActions: NEW_USER_ACTIONS,
    });
    await this.users.keycloak.setRoles(id, command.roles);
    await this.users.directory.change(id, {}, [
      userEvent(
        userCreated,
        { id, office: command.office },
        { roles: command.roles, clearance: command.clearance },
        causeOf(actor, command.context),
        this.users.clock.now(),
      ),
    ]);
    return { user: await this.users.view(id), temporaryPassword };
  }
}
