import { Controller } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  changeUserClearance,
  changeUserOffice,
  changeUserRoles,
  createUser,
  disableUser,
  enableUser,
  endUserSessions,
  getUser,
  listUserPrincipals,
  listUserRecipients,
  listUsers,
  requirePasswordReset,
  unlockUser,
} from '@opencen/contracts';
import { HandleRequest, type RequestContext } from '@opencen/nest-kit';

import { ChangeUserClearance } from './usecases/change-user-clearance';
import { ChangeUserOffice } from './usecases/change-user-office';
import { ChangeUserRoles } from './usecases/change-user-roles';
import { CreateUser } from './usecases/create-user';
import { DisableUser } from './usecases/disable-user';
import { EnableUser } from './usecases/enable-user';
import { EndUserSessions } from './usecases/end-user-sessions';
import { GetUser } from './usecases/get-user';
import { ListUserPrincipals } from './usecases/list-user-principals';
import { ListUserRecipients } from './usecases/list-user-recipients';
import { ListUsers } from './usecases/list-users';
import { RequirePasswordReset } from './usecases/require-password-reset';
import { UnlockUser } from './usecases/unlock-user';

type Reply<C extends Parameters<typeof HandleRequest>[0]> = Promise<HandlerReplyOf<C>>;

/** The `auth.user.*` subjects: admins and supervisors; each use case narrows who may do what. */
@Controller()
export class UsersController {
  constructor(
    private readonly listUsers: ListUsers,
    private readonly getUser: GetUser,
    private readonly createUser: CreateUser,
    private readonly changeRoles: ChangeUserRoles,
    private readonly changeOffice: ChangeUserOffice,
    private readonly changeClearance: ChangeUserClearance,
    private readonly disableUser: DisableUser,
    private readonly enableUser: EnableUser,
    private readonly unlockUser: UnlockUser,
    private readonly requirePasswordReset: RequirePasswordReset,
    private readonly endSessions: EndUserSessions,
    private readonly listRecipients: ListUserRecipients,
    private readonly listPrincipals: ListUserPrincipals,
  ) {}

  @HandleRequest(listUsers)
  list(
    request: HandlerRequestOf<typeof listUsers>,
    context: RequestContext,
  ): Reply<typeof listUsers> {
    return this.listUsers.execute({ ...request, context });
  }

  @HandleRequest(listUserPrincipals)
  principals(
    request: HandlerRequestOf<typeof listUserPrincipals>,
    context: RequestContext,
  ): Reply<typeof listUserPrincipals> {
    return this.listPrincipals.execute({ ...request, context });
  }

  @HandleRequest(listUserRecipients)
  recipients(
    request: HandlerRequestOf<typeof listUserRecipients>,
    context: RequestContext,
  ): Reply<typeof listUserRecipients> {
    return this.listRecipients.execute({ ...request, context });
  }

  @HandleRequest(getUser)
  get(request: HandlerRequestOf<typeof getUser>, context: RequestContext): Reply<typeof getUser> {
    return this.getUser.execute({ ...request, context });
  }

  @HandleRequest(createUser)
  create(
    request: HandlerRequestOf<typeof createUser>,
    context: RequestContext,
  ): Reply<typeof createUser> {
    return this.createUser.execute({ ...request, context });
  }

  @HandleRequest(changeUserRoles)
  roles(
    request: HandlerRequestOf<typeof changeUserRoles>,
    context: RequestContext,
  ): Reply<typeof changeUserRoles> {
    return this.changeRoles.execute({ ...request, context });
  }

  @HandleRequest(changeUserOffice)
  office(
    request: HandlerRequestOf<typeof changeUserOffice>,
    context: RequestContext,
  ): Reply<typeof changeUserOffice> {
    return this.changeOffice.execute({ ...request, context });
  }

  @HandleRequest(changeUserClearance)
  clearance(
    request: HandlerRequestOf<typeof changeUserClearance>,
    context: RequestContext,
  ): Reply<typeof changeUserClearance> {
    return this.changeClearance.execute({ ...request, context });
  }

  @HandleRequest(disableUser)
  disable(
    request: HandlerRequestOf<typeof disableUser>,
    context: RequestContext,
  ): Reply<typeof disableUser> {
    return this.disableUser.execute({ ...request, context });
  }

  @HandleRequest(enableUser)
  enable(
    request: HandlerRequestOf<typeof enableUser>,
    context: RequestContext,
  ): Reply<typeof enableUser> {
    return this.enableUser.execute({ ...request, context });
  }

  @HandleRequest(unlockUser)
  unlock(
    request: HandlerRequestOf<typeof unlockUser>,
    context: RequestContext,
  ): Reply<typeof unlockUser> {
    return this.unlockUser.execute({ ...request, context });
  }

  @HandleRequest(requirePasswordReset)
  resetPassword(
    request: HandlerRequestOf<typeof requirePasswordReset>,
    context: RequestContext,
  ): Reply<typeof requirePasswordReset> {
    return this.requirePasswordReset.execute({ ...request, context });
  }

  @HandleRequest(endUserSessions)
  logout(
    request: HandlerRequestOf<typeof endUserSessions>,
    context: RequestContext,
  ): Reply<typeof endUserSessions> {
    return this.endSessions.execute({ ...request, context });
  }
}
