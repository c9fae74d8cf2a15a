import { Injectable } from '@nestjs/common';
import { type Alert, type HandlerRequestOf, type raiseAlert } from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';

import { dayOf } from '../domain/alert';
import { requireAlertManager } from './access';
import { assertNotEnded } from './alert-checks';
import { alertRaisedEvent } from './alert-events';
import { AlertClock, AlertIds, AlertRepository, SubjectDirectory } from './ports';

export type RaiseAlertCommand = HandlerRequestOf<typeof raiseAlert> & {
  readonly context: RequestContext;
};

/**
 * An investigator or supervisor raises an alert on a subject that exists; they and their office
 * own it. Only persons can carry alerts so far: companies and conveyances are not stored yet.
 */
@Injectable()
export class RaiseAlert {
  constructor(
    private readonly alerts: AlertRepository,
    private readonly subjects: SubjectDirectory,
    private readonly clock: AlertClock,
    private readonly ids: AlertIds,
  ) {}

  async execute(command: RaiseAlertCommand): Promise<Alert> {
    const actor = requireAlertManager(command.context);
    const { subject, draft } = command;
    if (subject.subjectType !== 'person') {
      throw ServiceError.validation('Alerts can only be raised on persons for now', [
        {
          path: 'subject.subjectType',
          reason: `${subject.subjectType} records are not kept by this service yet, so an alert on one could not be checked or matched; raise it on a person`,
          code: 'unsupported_subject_type',
        },
      ]);
    }
    const now = this.clock.now();
    assertNotEnded(draft, dayOf(now));
    if (!(await this.subjects.personExists(subject.subjectId))) {
      throw ServiceError.validation('The subject of the alert does not exist', [
        {
          path: 'subject.subjectId',
          reason: `no person ${subject.subjectId}`,
          code: 'unknown_subject',
        },
      ]);
    }
    const alert: Alert = {
      id: this.ids.next(),
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
