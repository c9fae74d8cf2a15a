import { Injectable } from '@nestjs/common';
import { type Alert, type HandlerRequestOf, type listAlerts } from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { requireAlertReader } from './access';
import { subjectReadable } from './alert-checks';
import { AlertRepository, SubjectDirectory } from './ports';

export type ListAlertsCommand = HandlerRequestOf<typeof listAlerts> & {
  readonly context: RequestContext;
};

@Injectable()
export class ListAlerts {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly subjects: SubjectDirectory,
  ) {}

  async execute(command: ListAlertsCommand): Promise<{ items: Alert[] }> {
    const reader = requireAlertReader(command.context);
    // A subject above the caller's clearance has no alerts for them, as one that does not exist.
    if (!(await subjectReadable(this.subjects, command.subject, reader))) return { items: [] };
    return { items: await this.alerts.listBySubject(command.subject, command.activeOnly) };
  }
}
