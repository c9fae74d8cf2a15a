import { Injectable } from '@nestjs/common';
import { type Alert, type HandlerRequestOf, type listAlerts } from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { requireAlertReader } from './access';
import { AlertRepository } from './ports';

export type ListAlertsCommand = HandlerRequestOf<typeof listAlerts> & {
  readonly context: RequestContext;
};

@Injectable()
export class ListAlerts {
  constructor(private readonly alerts: AlertRepository) {}

  async execute(command: ListAlertsCommand): Promise<{ items: Alert[] }> {
    requireAlertReader(command.context);
    return { items: await this.alerts.listBySubject(command.subject, command.activeOnly) };
  }
}
