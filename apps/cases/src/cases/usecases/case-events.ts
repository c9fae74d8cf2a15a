import {
  type Case,
  type CaseStatus,
  type CaseTask,
  type CloudEvent,
  buildEvent,
  caseAssigned,
  caseClosed,
  caseCreated,
  caseRejected,
  caseReopened,
  caseSubjectsLinked,
  caseSubmitted,
  caseTaskAdded,
  caseTaskCompleted,
  caseUpdated,
  caseValidated,
} from '@opencen/contracts';
import { type RequestContext } from '@opencen/nest-kit';

import { subjectsOf } from '../domain/dimensions';

/** Who caused an event: the principal's sub (never a name) and the ids to follow the chain. */
export interface EventCause {
  actor: string;
  context: Pick<RequestContext, 'correlationId'> & { causationId?: string };
}

function common(kase: Case, cause: EventCause) {
  return {
    subject: kase.id,
    correlationId: cause.context.correlationId,
    ...(cause.context.causationId ? { causationId: cause.context.causationId } : {}),
    actor: cause.actor,
    time: kase.updatedAt,
  };
}

function data(kase: Case) {
  return {
    caseId: kase.id,
    number: kase.number,
    office: kase.office,
    type: kase.type,
    status: kase.status,
    version: kase.version,
    classification: kase.classification,
    subjects: subjectsOf(kase),
  };
}

/** The subjects-linked event the persons service consumes, when the case names any subject. */
function subjectsLinked(kase: Case, cause: EventCause): CloudEvent[] {
  const subjects = subjectsOf(kase);
  if (subjects.length === 0) return [];
  return [
    buildEvent(caseSubjectsLinked, {
      ...common(kase, cause),
      data: { caseId: kase.id, office: kase.office, recordedAt: kase.updatedAt, subjects },
    }),
  ];
}

export function createdEvents(kase: Case, cause: EventCause): CloudEvent[] {
  return [
    buildEvent(caseCreated, { ...common(kase, cause), data: data(kase) }),
    ...subjectsLinked(kase, cause),
  ];
}

/** `subjectsChanged`: the parties or conveyance changed, so persons hears of the links again. */
export function updatedEvents(
  kase: Case,
  fields: string[],
  cause: EventCause,
  subjectsChanged: boolean,
): CloudEvent[] {
  return [
    buildEvent(caseUpdated, { ...common(kase, cause), data: { ...data(kase), fields } }),
    ...(subjectsChanged ? subjectsLinked(kase, cause) : []),
  ];
}

const TRANSITION_EVENTS = {
  submit: caseSubmitted,
  validate: caseValidated,
  reject: caseRejected,
  close: caseClosed,
  reopen: caseReopened,
} as const;

export function transitionEvent(
  kase: Case,
  transition: keyof typeof TRANSITION_EVENTS,
  from: CaseStatus,
  cause: EventCause,
): CloudEvent {
  return buildEvent(TRANSITION_EVENTS[transition], {
    ...common(kase, cause),
    data: { ...data(kase), from },
  });
}

export function assignedEvent(kase: Case, from: CaseStatus, cause: EventCause): CloudEvent {
  return buildEvent(caseAssigned, {
    ...common(kase, cause),
    data: { ...data(kase), from, investigators: kase.assignedInvestigators },
  });
}

/** A task added or completed: its id, status, due date and assignee, never its title. */
export function taskEvent(
  kase: Case,
  task: CaseTask,
  what: 'added' | 'completed',
  cause: EventCause,
): CloudEvent {
  return buildEvent(what === 'added' ? caseTaskAdded : caseTaskCompleted, {
    ...common(kase, cause),
    data: {
      ...data(kase),
      taskId: task.id,
      taskStatus: task.status,
      ...(task.dueDate === undefined ? {} : { dueDate: task.dueDate }),
      ...(task.assignee === undefined ? {} : { assignee: task.assignee }),
    },
  });
}
