/**
 * Dates of birth as officers know them: a full date (YYYY-MM-DD), a year and month (YYYY-MM) or a
 * year only (YYYY). Two partial dates are equal when they say the same thing at the same precision,
 * compatible when the less precise one contains the other (1980 and 1980-05-12), and conflicting
 * when they cannot be the same day.
 */
export interface PartialDate {
  year: number;
  month?: number;
  day?: number;
}

export type DateComparison = 'equal' | 'compatible' | 'conflicting';

const PARTIAL_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** Parses YYYY, YYYY-MM or YYYY-MM-DD; returns undefined for anything else or an impossible date. */
export function parsePartialDate(text: string): PartialDate | undefined {
  const match = PARTIAL_DATE.exec(text.trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = match[2] === undefined ? undefined : Number(match[2]);
  const day = match[3] === undefined ? undefined : Number(match[3]);
  if (year < 1800 || year > 2200) return undefined;
  if (month === undefined) return { year };
  if (month < 1 || month > 12) return undefined;
  if (day === undefined) return { year, month };
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return undefined;
  return { year, month, day };
}

/** Writes a partial date back as YYYY, YYYY-MM or YYYY-MM-DD. */
export function formatPartialDate(date: PartialDate): string {
  const parts = [String(date.year).padStart(4, '0')];
  if (date.month !== undefined) parts.push(String(date.month).padStart(2, '0'));
  if (date.month !== undefined && date.day !== undefined) {
    parts.push(String(date.day).padStart(2, '0'));
  }
  return parts.join('-');
}

/**
 * Compares two partial dates. The score says how much the comparison supports "same person":
 * 1 when equal at full precision, less when equal at a coarser precision (a shared year says less
 * than a shared day), 0.6 when only compatible, 0 when conflicting.
 */
export function comparePartialDates(
  a: PartialDate,
  b: PartialDate,
): { result: DateComparison; score: number } {
  if (a.year !== b.year) return { result: 'conflicting', score: 0 };
  if (a.month === undefined || b.month === undefined) {
    const equal = a.month === b.month;
    return equal ? { result: 'equal', score: 0.8 } : { result: 'compatible', score: 0.6 };
  }
  if (a.month !== b.month) return { result: 'conflicting', score: 0 };
  if (a.day === undefined || b.day === undefined) {
    const equal = a.day === b.day;
    return equal ? { result: 'equal', score: 0.9 } : { result: 'compatible', score: 0.7 };
  }
  if (a.day !== b.day) return { result: 'conflicting', score: 0 };
  return { result: 'equal', score: 1 };
}

/** The precision of a partial date, in words, for explanations. */
export function precisionOf(date: PartialDate): 'year' | 'month' | 'date' {
  if (date.month === undefined) return 'year';
  return date.day === undefined ? 'month' : 'date';
}
