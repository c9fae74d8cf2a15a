import {
  type Alert,
  type AlertDraft,
  type Principal,
  type SubjectRef,
  mayRead,
} from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';

import { type AlertRepository, type SubjectDirectory } from './ports';

export function alertNotFound(id: string): ServiceError {
  return ServiceError.notFound(`No alert ${id}`);
}

/** Whether the caller may read the subject: it exists and is within their clearance. */
export async function subjectReadable(
  subjects: SubjectDirectory,
  subject: SubjectRef,
  reader: Principal,
): Promise<boolean> {
  const classification = await subjects.classificationOf(subject);
  return classification !== null && mayRead(reader, classification);
}

/**
 * The alert, if the caller may read its subject: an alert on a record above their clearance is
 * NOT_FOUND, as one that does not exist (it would tell that the record exists, and why it matters).
 */
export async function readableAlert(
  alerts: AlertRepository,
  subjects: SubjectDirectory,
  id: string,
  reader: Principal,
): Promise<Alert> {
  const alert = await alerts.findById(id);
  if (!alert || !(await subjectReadable(subjects, alert.subject, reader))) throw alertNotFound(id);
  return alert;
}

/** Only an active alert changes; an expired or withdrawn one is history. */
export function assertActive(current: Alert): void {
  if (current.status === 'active') return;
  throw ServiceError.conflict(`Alert ${current.id} is ${current.status}`, [
    {
      path: 'status',
      reason: `the alert is ${current.status}; raise a new alert instead`,
      code: 'not_active',
    },
  ]);
}

/** An alert that ends before today would be expired at once. */
export function assertNotEnded(draft: AlertDraft, today: string): void {
  if (draft.validTo >= today) return;
  throw ServiceError.validation('The alert would already have ended', [
    {
      path: 'draft.validTo',
      reason: `${draft.validTo} is before today (${today}); an alert must still be valid today`,
      code: 'in_the_past',
    },
  ]);
}
