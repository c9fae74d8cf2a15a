import { Injectable } from '@nestjs/common';
import { type Alert, type HandlerRequestOf, type updateAlert } from '@opencen/contracts';
import { type RequestContext, assertVersion, Clock } from '@opencen/nest-kit';

import { changedAlertFields, dayOf } from '../domain/alert';
import { assertOwningOffice, requireAlertManager } from './access';
import { assertActive, assertNotEnded, readableAlert } from './alert-checks';
import { alertUpdatedEvent } from './alert-events';
import { AlertRepository, SubjectDirectory } from './ports';

export type UpdateAlertCommand = HandlerRequestOf<typeof updateAlert> & {
  readonly context: RequestContext;
};

/**
 * The owning office's investigators and supervisors replace an active alert's details, from the
 * version they saw. A change that changes nothing stores nothing and emits nothing.
 */
@Injectable()
export class UpdateAlert {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly subjects: SubjectDirectory,
    private readonly clock: Clock,
  ) {}

  async execute(command: UpdateAlertCommand): Promise<Alert> {
    const actor = requireAlertManager(command.context);
    const current = await readableAlert(this.alerts, this.subjects, command.id, actor);
    assertOwningOffice(actor, current);
    assertVersion('Alert', current, command.version);
    assertActive(current);
    const fields = changedAlertFields(current, command.draft);
    if (fields.length === 0) return current;
    const now = this.clock.now();
    assertNotEnded(command.draft, dayOf(now));
    const next: Alert = {
      ...current,
      ...command.draft,
      updatedAt: now.toISOString(),
      version: current.version + 1,
    };
    await this.alerts.update(next, current.version, [
      alertUpdatedEvent(next, fields, { actor: actor.sub, ...command.context }),
    ]);
    return next;
  }
}
