import { type Alert, type AlertDraft } from '@opencen/contracts';

/** The calendar day (UTC) of an instant, as alerts' validity dates are written: `YYYY-MM-DD`. */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** An active alert whose last valid day is before `today` has expired. */
export function hasExpired(alert: Pick<Alert, 'status' | 'validTo'>, today: string): boolean {
  return alert.status === 'active' && alert.validTo < today;
}

/** An active alert applies to what happens on `day` if `day` is within its validity. */
export function appliesOn(
  alert: Pick<Alert, 'status' | 'validFrom' | 'validTo'>,
  day: string,
): boolean {
  return alert.status === 'active' && alert.validFrom <= day && day <= alert.validTo;
}

const DRAFT_FIELDS = ['reason', 'category', 'validFrom', 'validTo', 'handlingInstruction'] as const;

/** The draft fields whose values differ. */
export function changedAlertFields(current: Alert, draft: AlertDraft): string[] {
  return DRAFT_FIELDS.filter((field) => current[field] !== draft[field]);
}

/** The alert on another subject (a merge moved it), as of `at`; the caller bumps the version. */
export function movedTo<A extends Pick<Alert, 'subject' | 'updatedAt' | 'version'>>(
  alert: A,
  subject: Alert['subject'],
  at: Date,
): A {
  return { ...alert, subject, updatedAt: at.toISOString(), version: alert.version + 1 };
}
