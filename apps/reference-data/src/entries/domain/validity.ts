/** A calendar day, `YYYY-MM-DD`; such strings compare in date order. */
export type IsoDate = string;

/** The earliest `validFrom` of seeded entries whose source gives none: valid for any old record. */
export const SINCE_ALWAYS: IsoDate = '1900-01-01';

/** The period in which a code may be used: from `validFrom` to `validTo`, both included. */
export interface ValidityPeriod {
  readonly validFrom: IsoDate;
  /** Last valid day; absent while the code has no end. */
  readonly validTo?: IsoDate;
  readonly deprecated: boolean;
  readonly replacedBy?: string;
}

export type Validity = { valid: true } | { valid: false; reason: string };

/** Whether the period covers `date`. */
export function isActiveAt(period: ValidityPeriod, date: IsoDate): boolean {
  return period.validFrom <= date && (period.validTo === undefined || date <= period.validTo);
}

/**
 * Whether a code may be used on `date`, and why not. A deprecated code stays valid up to its last
 * day, so a record from before its retirement still validates.
 */
export function validityAt(period: ValidityPeriod, date: IsoDate): Validity {
  if (date < period.validFrom) {
    return { valid: false, reason: `not yet valid: valid from ${period.validFrom}` };
  }
  if (period.validTo !== undefined && date > period.validTo) {
    if (!period.deprecated) {
      return { valid: false, reason: `expired: its last valid day was ${period.validTo}` };
    }
    const replacement = period.replacedBy ? `; replaced by ${period.replacedBy}` : '';
    return { valid: false, reason: `deprecated since ${dayAfter(period.validTo)}${replacement}` };
  }
  return { valid: true };
}

/** The calendar day after `date`. */
export function dayAfter(date: IsoDate): IsoDate {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}
