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
  type webhookDisabled,
} from '@opencen/contracts';
import { documentWriteLock } from '@opencen/nest-kit';

import {
  type Cause,
  caseAssignedNotice,
  caseRejectedNotice,
  caseSubmittedNotice,
  inactivityReminderNotice,
  watchlistHitNotice,
  webhookDisabledNotice,
} from '../domain/recipient-rules';
import { DeliverNotice } from './deliver-notice';
import { CaseFactsStore } from './ports';

/** The key under which one case's events take their turn (not a collection). */
const CASE_TURN = 'case-turn';

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

  watchlistHit(event: EventOf<typeof watchlistHit>): Promise<void> {
    return this.inTurn(event.data.caseId, async () => {
      const facts = await this.facts.get(event.data.caseId);
      await this.deliver.execute(watchlistHitNotice(event.data, causeOf(event), facts?.number));
    });
  }

  caseCreated(event: EventOf<typeof caseCreated>): Promise<void> {
    const { caseId, number, office } = event.data;
    return this.inTurn(caseId, () =>
      this.facts.recordCase({ caseId, number, office, author: event.actor }),
    );
  }

  caseAssigned(event: EventOf<typeof caseAssigned>): Promise<void> {
    return this.inTurn(event.data.caseId, async () => {
      await this.deliver.execute(caseAssignedNotice(event.data, causeOf(event)));
    });
  }

  caseRejected(event: EventOf<typeof caseRejected>): Promise<void> {
    return this.inTurn(event.data.caseId, async () => {
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
    });
  }

  caseSubmitted(event: EventOf<typeof caseSubmitted>): Promise<void> {
    return this.inTurn(event.data.caseId, async () => {
      await this.deliver.execute(caseSubmittedNotice(event.data, causeOf(event)));
    });
  }

  taskAdded(event: EventOf<typeof caseTaskAdded>): Promise<void> {
    const { caseId, number, taskId, dueDate, assignee, taskStatus } = event.data;
    return this.inTurn(caseId, async () => {
      if (!dueDate || taskStatus !== 'open') return;
      await this.facts.recordTask({
        caseId,
        caseNumber: number,
        taskId,
        dueDate,
        ...(assignee ? { assignee } : {}),
      });
    });
  }

  taskCompleted(event: EventOf<typeof caseTaskCompleted>): Promise<void> {
    return this.inTurn(event.data.caseId, () =>
      this.facts.completeTask(event.data.caseId, event.data.taskId),
    );
  }

  async inactivityReminder(event: EventOf<typeof userInactivityReminder>): Promise<void> {
    await this.deliver.execute(inactivityReminderNotice(event.data, causeOf(event)));
  }

  async webhookDisabled(event: EventOf<typeof webhookDisabled>): Promise<void> {
    await this.deliver.execute(webhookDisabledNotice(event.data, causeOf(event)));
  }

  /**
   * Runs the events of one case in the order they are handed over, though the consumer handles
   * several at once: the turn is taken before the first await, when the consumer calls the
   * handler, in stream order. So a hit or a rejection reads the facts its case's created event
   * wrote.
   */
  private inTurn(caseId: string, work: () => Promise<void>): Promise<void> {
    return documentWriteLock.run(CASE_TURN, caseId, work);
  }
}
