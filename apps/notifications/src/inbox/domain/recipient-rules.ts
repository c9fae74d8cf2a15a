import { type NotificationLink } from '@opencen/contracts';

import { type Notice, idFromKey } from './notice';

/** What the notifications service knows of a case (from the case events): its number, office, author. */
export interface CaseFacts {
  readonly caseId: string;
  readonly number: string;
  readonly office: string;
  /** Who recorded it (the actor of its created event). */
  readonly author?: string;
}

/** What every rule takes of the event it reads. */
export interface Cause {
  readonly eventId: string;
  readonly actor: string;
}

function caseLink(caseId: string, number?: string): NotificationLink {
  return { type: 'case', id: caseId, ...(number ? { label: number } : {}) };
}

/**
 * A subject with an active alert appears in a case: the alert's owner and the supervisors of the
 * alert's office are told, with the case as the link (its number when known).
 */
export function watchlistHitNotice(
  hit: { alertId: string; caseId: string; ownerOffice: string; ownerOfficer: string },
  cause: Cause,
  caseNumber?: string,
): Notice {
  return {
    id: cause.eventId,
    kind: 'watchlist-hit',
    cause: cause.eventId,
    audiences: [
      { type: 'users', users: [hit.ownerOfficer] },
      { type: 'supervisors', office: hit.ownerOffice },
    ],
    link: caseLink(hit.caseId, caseNumber),
    params: { alert: hit.alertId, case: caseNumber ?? hit.caseId },
    actor: cause.actor,
  };
}

/** Investigators assigned to a case are told (those assigned before too: the list is the new one). */
export function caseAssignedNotice(
  assigned: { caseId: string; number: string; investigators: readonly string[] },
  cause: Cause,
): Notice {
  return caseNotice(
    'case-assigned',
    assigned,
    [{ type: 'users', users: assigned.investigators }],
    cause,
  );
}

/** A rejected case goes back to its author; null when the author is not known. */
export function caseRejectedNotice(
  rejected: { caseId: string; number: string },
  facts: CaseFacts | null,
  cause: Cause,
): Notice | null {
  if (!facts?.author) return null;
  return caseNotice('case-rejected', rejected, [{ type: 'users', users: [facts.author] }], cause);
}

/** A submitted case waits for the supervisors of its office. */
export function caseSubmittedNotice(
  submitted: { caseId: string; number: string; office: string },
  cause: Cause,
): Notice {
  return caseNotice(
    'case-submitted',
    submitted,
    [{ type: 'supervisors', office: submitted.office }],
    cause,
  );
}

/** An account about to be locked for inactivity: its user is told the day of the lock. */
export function inactivityReminderNotice(
  reminder: { userId: string; lockAt: string },
  cause: Cause,
): Notice {
  return {
    id: cause.eventId,
    kind: 'account-inactivity',
    cause: cause.eventId,
    audiences: [{ type: 'users', users: [reminder.userId] }],
    link: { type: 'account', id: reminder.userId },
    params: { date: reminder.lockAt.slice(0, 10) },
  };
}

/** A webhook the service disabled after deliveries given up in a row: its owner is told. */
export function webhookDisabledNotice(
  disabled: { subscriptionId: string; owner: string },
  cause: Cause,
): Notice {
  return {
    id: cause.eventId,
    kind: 'webhook-disabled',
    cause: cause.eventId,
    audiences: [{ type: 'users', users: [disabled.owner] }],
    link: { type: 'account', id: disabled.owner },
    params: { webhook: disabled.subscriptionId },
  };
}

/** A task's deadline state that its assignee is told of, once each. */
export type TaskState = 'due' | 'overdue';

/** What the scheduler knows of an open task. */
export interface TaskDeadline {
  readonly caseId: string;
  readonly caseNumber: string;
  readonly taskId: string;
  readonly dueDate: string;
  readonly assignee?: string;
}

/**
 * The state a task's deadline is in on `today` (`YYYY-MM-DD`): due when its day is today or
 * tomorrow (within a day), overdue once its day has passed, nothing before.
 */
export function taskState(dueDate: string, today: string): TaskState | null {
  if (dueDate < today) return 'overdue';
  return dueDate <= nextDay(today) ? 'due' : null;
}

/** The assignee of a task is told once per task and state; null without an assignee. */
export function taskNotice(task: TaskDeadline, state: TaskState): Notice | null {
  if (!task.assignee) return null;
  const key = `task:${task.caseId}:${task.taskId}:${state}`;
  return {
    id: idFromKey(key),
    kind: state === 'due' ? 'task-due' : 'task-overdue',
    cause: key,
    audiences: [{ type: 'users', users: [task.assignee] }],
    link: caseLink(task.caseId, task.caseNumber),
    params: { case: task.caseNumber, date: task.dueDate },
  };
}

/** The day after `day` (`YYYY-MM-DD`, UTC calendar). */
export function nextDay(day: string): string {
  return addDays(day, 1);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

function caseNotice(
  kind: Notice['kind'],
  subject: { caseId: string; number: string },
  audiences: Notice['audiences'],
  cause: Cause,
): Notice {
  return {
    id: cause.eventId,
    kind,
    cause: cause.eventId,
    audiences,
    link: caseLink(subject.caseId, subject.number),
    params: { case: subject.number },
    actor: cause.actor,
  };
}
