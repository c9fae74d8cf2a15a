import { Injectable } from '@nestjs/common';
import { type Alert, type HandlerRequestOf, type raiseAlert } from '@opencen/contracts';
import { type RequestContext, ServiceError, Clock, IdGenerator } from '@opencen/nest-kit';

import { dayOf } from '../domain/alert';
import { requireAlertManager } from './access';
import { assertNotEnded, subjectReadable } from './alert-checks';
import { alertRaisedEvent } from './alert-events';
import { AlertRepository, SubjectDirectory } from './ports';

export type RaiseAlertCommand = HandlerRequestOf<typeof raiseAlert> & {
  readonly context: RequestContext;
};

/**
 * An investigator or supervisor raises an alert on a subject that exists; they and their office
 * own it: a person, a company or a conveyance (the id of a merged one stands for its survivor).
 */
@Injectable()
export class RaiseAlert {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly subjects: SubjectDirectory,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: RaiseAlertCommand): Promise<Alert> {
    const actor = requireAlertManager(command.context);
    const { draft } = command;
    const now = this.clock.now();
    assertNotEnded(draft, dayOf(now));
    // The id of a merged subject stands for its survivor: the alert goes where a case would hit it.
    const subject = await this.subjects.resolve(command.subject);
    // One above the manager's clearance is as unknown to them as one that does not exist.
    if (!subject || !(await subjectReadable(this.subjects, subject, actor))) {
      throw ServiceError.validation('The subject of the alert does not exist', [
        {
          path: 'subject.subjectId',
          reason: `no ${command.subject.subjectType} ${command.subject.subjectId}`,
          code: 'unknown_subject',
        },
      ]);
    }
    const id = this.ids.next();
    if (this.ids.repeatsEarlierRun()) {
      // The first run of this Idempotency-Key request may have stored the alert before it died.
      const stored = await this.alerts.findById(id);
      if (stored) return stored;
    }
    const alert: Alert = {
      id,
      subject,
      ...draft,
      ownerOffice: actor.office,
      ownerOfficer: actor.sub,
      status: 'active',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
      version: 1,
    };
    await this.alerts.insert(alert, [
      alertRaisedEvent(alert, { actor: actor.sub, ...command.context }),
    ]);
    return alert;
  }
}
