import { Injectable } from '@nestjs/common';
import { type Alert, type HandlerRequestOf, type getAlert } from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { requireAlertReader } from './access';
import { readableAlert } from './alert-checks';
import { AlertRepository, SubjectDirectory } from './ports';

export type GetAlertCommand = HandlerRequestOf<typeof getAlert> & {
  readonly context: RequestContext;
};

@Injectable()
export class GetAlert {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly subjects: SubjectDirectory,
  ) {}

  async execute(command: GetAlertCommand): Promise<Alert> {
    const reader = requireAlertReader(command.context);
    return readableAlert(this.alerts, this.subjects, command.id, reader);
  }
}
