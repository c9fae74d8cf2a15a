/**
 * Contracts of watchlist alerts on subjects, and of the watchlist hits raised when a subject with
 * an active alert appears in a case.
 *
 * Alert events carry ids, office, officer `sub`, category and dates only: never the reason or the
 * handling instruction, which are free text that may name people.
 */
import { z } from 'zod';

import { type EventContract, defineEvent } from '../events';
import { type RequestContract, defineRequest } from '../requests';

const text = (max: number) => z.string().trim().min(1).max(max);
const id = z.string().min(1).max(64);

/** The kinds of subject an alert (or a case) can name. */
export const SUBJECT_TYPES = ['person', 'company', 'conveyance'] as const;
export const subjectTypeSchema = z.enum(SUBJECT_TYPES);
export type SubjectType = z.infer<typeof subjectTypeSchema>;

export const subjectRefSchema = z.strictObject({ subjectType: subjectTypeSchema, subjectId: id });
export type SubjectRef = z.infer<typeof subjectRefSchema>;

export const ALERT_CATEGORIES = ['smuggling-suspect', 'wanted', 'fraud-risk', 'other'] as const;
export const ALERT_STATUSES = ['active', 'expired', 'withdrawn'] as const;

/** What an investigator or supervisor enters for an alert. */
export const alertDraftSchema = z
  .strictObject({
    reason: text(2000),
    category: z.enum(ALERT_CATEGORIES),
    validFrom: z.iso.date(),
    validTo: z.iso.date(),
    /** e.g. "notify the investigator, do not alert the subject". */
    handlingInstruction: text(2000),
  })
  .refine((draft) => draft.validTo >= draft.validFrom, {
    message: 'validTo must not be before validFrom',
    path: ['validTo'],
  });
export type AlertDraft = z.infer<typeof alertDraftSchema>;

export const alertSchema = z.object({
  id: z.string(),
  subject: subjectRefSchema,
  reason: z.string(),
  category: z.enum(ALERT_CATEGORIES),
  validFrom: z.iso.date(),
  /** The last day the alert applies; the expiry job marks it expired once that day has passed. */
  validTo: z.iso.date(),
  handlingInstruction: z.string(),
  /** The office and officer (`sub`) who own the alert and are told of its hits. */
  ownerOffice: z.string(),
  ownerOfficer: z.string(),
  status: z.enum(ALERT_STATUSES),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  version: z.number().int().positive(),
});
export type Alert = z.infer<typeof alertSchema>;

export const raiseAlert = defineRequest({
  service: 'persons',
  aggregate: 'alert',
  verb: 'raise',
  description:
    'Raises a watchlist alert on a subject (investigators and supervisors); the raiser and their office own it.',
  request: z.strictObject({ subject: subjectRefSchema, draft: alertDraftSchema }),
  reply: alertSchema,
});

export const updateAlert = defineRequest({
  service: 'persons',
  aggregate: 'alert',
  verb: 'update',
  description:
    "Replaces an active alert's details, if it is still at the given version (CONFLICT otherwise).",
  request: z.strictObject({ id, version: z.number().int().positive(), draft: alertDraftSchema }),
  reply: alertSchema,
});

export const withdrawAlert = defineRequest({
  service: 'persons',
  aggregate: 'alert',
  verb: 'withdraw',
  description: 'Withdraws an active alert, if it is still at the given version.',
  request: z.strictObject({ id, version: z.number().int().positive() }),
  reply: alertSchema,
});

export const getAlert = defineRequest({
  service: 'persons',
  aggregate: 'alert',
  verb: 'get',
  description: 'Gets an alert by id.',
  request: z.strictObject({ id }),
  reply: alertSchema,
});

export const listAlerts = defineRequest({
  service: 'persons',
  aggregate: 'alert',
  verb: 'list',
  description: 'Lists the alerts on a subject, newest first; only the active ones if asked.',
  request: z.strictObject({ subject: subjectRefSchema, activeOnly: z.boolean().default(false) }),
  reply: z.object({ items: z.array(alertSchema) }),
});

/** Non-nominal: ids, office, officer, category, dates and version. */
export const alertEventDataSchema = z.object({
  alertId: z.string(),
  subjectType: subjectTypeSchema,
  subjectId: z.string(),
  category: z.enum(ALERT_CATEGORIES),
  validFrom: z.iso.date(),
  validTo: z.iso.date(),
  ownerOffice: z.string(),
  ownerOfficer: z.string(),
  version: z.number().int().positive(),
});

export const alertRaised = defineEvent({
  service: 'persons',
  aggregate: 'alert',
  verb: 'raised',
  version: 1,
  description: 'A watchlist alert was raised on a subject.',
  data: alertEventDataSchema,
});

export const alertUpdated = defineEvent({
  service: 'persons',
  aggregate: 'alert',
  verb: 'updated',
  version: 1,
  description: "A watchlist alert's details changed.",
  data: alertEventDataSchema.extend({ fields: z.array(z.string()) }),
});

export const alertExpired = defineEvent({
  service: 'persons',
  aggregate: 'alert',
  verb: 'expired',
  version: 1,
  description: 'A watchlist alert reached the end of its validity and no longer applies.',
  data: alertEventDataSchema,
});

export const alertWithdrawn = defineEvent({
  service: 'persons',
  aggregate: 'alert',
  verb: 'withdrawn',
  version: 1,
  description: 'A watchlist alert was withdrawn before the end of its validity.',
  data: alertEventDataSchema,
});

export const watchlistHit = defineEvent({
  service: 'persons',
  aggregate: 'watchlist',
  verb: 'hit',
  version: 1,
  description:
    "A subject with an active alert appears in a case; the notifications service tells the alert's owner. Once per alert and case.",
  data: z.object({
    alertId: z.string(),
    subjectType: subjectTypeSchema,
    subjectId: z.string(),
    caseId: z.string(),
    ownerOffice: z.string(),
    ownerOfficer: z.string(),
  }),
});

export const alertRequestContracts: readonly RequestContract[] = [
  raiseAlert,
  updateAlert,
  withdrawAlert,
  getAlert,
  listAlerts,
];
export const alertEventContracts: readonly EventContract[] = [
  alertRaised,
  alertUpdated,
  alertExpired,
  alertWithdrawn,
  watchlistHit,
];
