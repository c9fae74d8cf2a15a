import { Injectable } from '@nestjs/common';
import { type Alert, type HandlerRequestOf, type getAlert } from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { requireAlertReader } from './access';
import { alertNotFound } from './alert-checks';
import { AlertRepository } from './ports';

export type GetAlertCommand = HandlerRequestOf<typeof getAlert> & {
  readonly context: RequestContext;
};

@Injectable()
export class GetAlert {
  constructor(private readonly alerts: AlertRepository) {}

  async execute(command: GetAlertCommand): Promise<Alert> {
    requireAlertReader(command.context);
    const alert = await this.alerts.findById(command.id);
    if (!alert) throw alertNotFound(command.id);
    return alert;
  }
}
