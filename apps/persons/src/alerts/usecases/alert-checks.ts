import { type Alert, type AlertDraft } from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';

export function alertNotFound(id: string): ServiceError {
  return ServiceError.notFound(`No alert ${id}`);
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
