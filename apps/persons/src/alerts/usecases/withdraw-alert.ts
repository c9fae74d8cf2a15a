import { Injectable } from '@nestjs/common';
import { type Alert, type HandlerRequestOf, type withdrawAlert } from '@opencen/contracts';
import { type RequestContext, assertVersion, Clock } from '@opencen/nest-kit';

import { assertOwningOffice, requireAlertManager } from './access';
import { assertActive, readableAlert } from './alert-checks';
import { alertWithdrawnEvent } from './alert-events';
import { AlertRepository, SubjectDirectory } from './ports';

export type WithdrawAlertCommand = HandlerRequestOf<typeof withdrawAlert> & {
  readonly context: RequestContext;
};

/** The owning office's investigators and supervisors withdraw an active alert. */
@Injectable()
export class WithdrawAlert {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly subjects: SubjectDirectory,
    private readonly clock: Clock,
  ) {}

  async execute(command: WithdrawAlertCommand): Promise<Alert> {
    const actor = requireAlertManager(command.context);
    const current = await readableAlert(this.alerts, this.subjects, command.id, actor);
    assertOwningOffice(actor, current);
    assertVersion('Alert', current, command.version);
    assertActive(current);
    const next: Alert = {
      ...current,
      status: 'withdrawn',
      updatedAt: this.clock.now().toISOString(),
      version: current.version + 1,
    };
    await this.alerts.update(next, current.version, [
      alertWithdrawnEvent(next, { actor: actor.sub, ...command.context }),
    ]);
    return next;
  }
}
