import { Injectable, Logger } from '@nestjs/common';
import {
  type EventOf,
  type caseAssigned,
  type caseCreated,
  type caseRejected,
  type caseSubmitted,
  type caseTaskAdded,
  type caseTaskCompleted,
  type userInactivityReminder,
  type watchlistHit,
} from '@opencen/contracts';

import {
  type Cause,
  caseAssignedNotice,
  caseRejectedNotice,
  caseSubmittedNotice,
  inactivityReminderNotice,
  watchlistHitNotice,
} from '../domain/recipient-rules';
import { DeliverNotice } from './deliver-notice';
import { CaseFactsStore } from './ports';

const causeOf = (event: { id: string; actor: string }): Cause => ({
  eventId: event.id,
  actor: event.actor,
});

/**
 * What each event the inbox consumes does: the case events keep what the service knows of cases
 * and their tasks (number, office, author, deadlines); the others become notices delivered to
 * their recipients (recipient-rules.ts).
 */
@Injectable()
export class NotifyFromEvents {
  private readonly logger = new Logger(NotifyFromEvents.name);

  constructor(
    private readonly deliver: DeliverNotice,
    private readonly facts: CaseFactsStore,
  ) {}

  async watchlistHit(event: EventOf<typeof watchlistHit>): Promise<void> {
    const facts = await this.facts.get(event.data.caseId);
    await this.deliver.execute(watchlistHitNotice(event.data, causeOf(event), facts?.number));
  }

  async caseCreated(event: EventOf<typeof caseCreated>): Promise<void> {
    const { caseId, number, office } = event.data;
    await this.facts.recordCase({ caseId, number, office, author: event.actor });
  }

  async caseAssigned(event: EventOf<typeof caseAssigned>): Promise<void> {
    await this.deliver.execute(caseAssignedNotice(event.data, causeOf(event)));
  }

  async caseRejected(event: EventOf<typeof caseRejected>): Promise<void> {
    const notice = caseRejectedNotice(
      event.data,
      await this.facts.get(event.data.caseId),
      causeOf(event),
    );
    if (notice) await this.deliver.execute(notice);
    else
      this.logger.warn(
        { caseId: event.data.caseId },
        'Rejected case of unknown author: nobody told',
      );
  }

  async caseSubmitted(event: EventOf<typeof caseSubmitted>): Promise<void> {
    await this.deliver.execute(caseSubmittedNotice(event.data, causeOf(event)));
  }

  async taskAdded(event: EventOf<typeof caseTaskAdded>): Promise<void> {
    const { caseId, number, taskId, dueDate, assignee, taskStatus } = event.data;
    if (!dueDate || taskStatus !== 'open') return;
    await this.facts.recordTask({
      caseId,
      caseNumber: number,
      taskId,
      dueDate,
      ...(assignee ? { assignee } : {}),
    });
  }

  async taskCompleted(event: EventOf<typeof caseTaskCompleted>): Promise<void> {
    await this.facts.completeTask(event.data.caseId, event.data.taskId);
  }

  async inactivityReminder(event: EventOf<typeof userInactivityReminder>): Promise<void> {
    await this.deliver.execute(inactivityReminderNotice(event.data, causeOf(event)));
  }
}
