import { Controller } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  getAlert,
  listAlerts,
  raiseAlert,
  updateAlert,
  withdrawAlert,
} from '@opencen/contracts';
import { HandleRequest, type RequestContext } from '@opencen/nest-kit';

import { GetAlert } from './usecases/get-alert';
import { ListAlerts } from './usecases/list-alerts';
import { RaiseAlert } from './usecases/raise-alert';
import { UpdateAlert } from './usecases/update-alert';
import { WithdrawAlert } from './usecases/withdraw-alert';

/** The `persons.alert.*` request subjects; each handler hands the request to its use case. */
@Controller()
export class AlertsController {
  constructor(
    private readonly raiseAlert: RaiseAlert,
    private readonly updateAlert: UpdateAlert,
    private readonly withdrawAlert: WithdrawAlert,
    private readonly getAlert: GetAlert,
    private readonly listAlerts: ListAlerts,
  ) {}

  @HandleRequest(raiseAlert)
  raise(
    request: HandlerRequestOf<typeof raiseAlert>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof raiseAlert>> {
    return this.raiseAlert.execute({ ...request, context });
  }

  @HandleRequest(updateAlert)
  update(
    request: HandlerRequestOf<typeof updateAlert>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof updateAlert>> {
    return this.updateAlert.execute({ ...request, context });
  }

  @HandleRequest(withdrawAlert)
  withdraw(
    request: HandlerRequestOf<typeof withdrawAlert>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof withdrawAlert>> {
    return this.withdrawAlert.execute({ ...request, context });
  }

  @HandleRequest(getAlert)
  get(
    request: HandlerRequestOf<typeof getAlert>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof getAlert>> {
    return this.getAlert.execute({ ...request, context });
  }

  @HandleRequest(listAlerts)
  list(
    request: HandlerRequestOf<typeof listAlerts>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof listAlerts>> {
    return this.listAlerts.execute({ ...request, context });
  }
}
