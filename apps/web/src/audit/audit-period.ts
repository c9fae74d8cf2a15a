/**
 * A period of days as the audit API takes it: from the first day's start, to the start of the day
 * after the last (the API's `to` is excluded), both in the user's own time zone.
 */
export function auditPeriod(fromDay: string, toDay: string): { from?: string; to?: string } {
  const startOf = (day: string) => new Date(`${day}T00:00:00`);
  const period: { from?: string; to?: string } = {};
  if (fromDay) period.from = startOf(fromDay).toISOString();
  if (toDay) {
    const end = startOf(toDay);
    end.setDate(end.getDate() + 1);
    period.to = end.toISOString();
  }
  return period;
}
