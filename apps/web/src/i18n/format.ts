/** A date and time in the user's language (and calendar conventions). */
export function formatDateTime(value: string | undefined, language: string): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(value),
  );
}

/** A day in the user's language. */
export function formatDate(value: string | undefined, language: string): string {
  if (!value) return '—';
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium' }).format(new Date(value));
}

/** A number in the user's language. */
export function formatNumber(value: number | undefined, language: string): string {
  return value === undefined ? '—' : new Intl.NumberFormat(language).format(value);
}
