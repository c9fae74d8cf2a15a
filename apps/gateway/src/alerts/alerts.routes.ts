import {
  type RequestContract,
  type Role,
  getAlert,
  listAlerts,
  raiseAlert,
  subjectTypeSchema,
  updateAlert,
  withdrawAlert,
} from '@opencen/contracts';
import { z } from 'zod';
import { contractRoute } from '../http/contract-route';

const BASE = '/api/v1/alerts';

/** Who reads alerts: every role that reads subjects. */
export const ALERT_READERS = [
  'officer',
  'supervisor',
  'investigator',
  'analyst',
] as const satisfies readonly Role[];
/** Who raises, changes and withdraws alerts; the service keeps changes to the owner office. */
export const ALERT_MANAGERS = ['supervisor', 'investigator'] as const satisfies readonly Role[];

/**
 * `persons.alert.list` as a query string can carry it: the subject's two fields side by side
 * (`?subjectType=person&subjectId=…`). The handler sends {@link listAlerts} itself.
 */
export const listAlertsQuery: RequestContract<
  z.ZodObject<{
    subjectType: typeof subjectTypeSchema;
    subjectId: z.ZodString;
    activeOnly: z.ZodDefault<z.ZodBoolean>;
  }>,
  typeof listAlerts.reply
> = Object.freeze({
  ...listAlerts,
  request: z.object({
    subjectType: subjectTypeSchema,
    subjectId: z.string().min(1).max(64),
    activeOnly: z.boolean().default(false),
  }),
});

/**
 * The routes of watchlist alerts. Raising answers **201** with Location and ETag; an update (the
 * body is the draft) and a withdrawal need the version as If-Match.
 */
export const alertRoutes = {
  raise: contractRoute({
    operationId: 'raiseAlert',
    method: 'POST',
    path: BASE,
    contract: raiseAlert,
    summary: 'Raise a watchlist alert on a person, company or conveyance',
    input: 'body',
    roles: ALERT_MANAGERS,
    status: 201,
    responseHeaders: ['Location', 'ETag'],
  }),
  list: contractRoute({
    operationId: 'listAlerts',
    method: 'GET',
    path: BASE,
    contract: listAlertsQuery,
    summary: 'The alerts on a subject, newest first (only the active ones with activeOnly=true)',
    input: 'query',
    roles: ALERT_READERS,
    status: 200,
  }),
  get: contractRoute({
    operationId: 'getAlert',
    method: 'GET',
    path: `${BASE}/:id`,
    contract: getAlert,
    summary: 'One alert by id',
    input: 'query',
    roles: ALERT_READERS,
    status: 200,
    responseHeaders: ['ETag'],
  }),
  update: contractRoute({
    operationId: 'updateAlert',
    method: 'PATCH',
    path: `${BASE}/:id`,
    contract: updateAlert,
    summary: "Change an active alert's details (the body is the draft; the version is If-Match)",
    input: 'body',
    bodyField: 'draft',
    versionField: 'version',
    roles: ALERT_MANAGERS,
    status: 200,
    responseHeaders: ['ETag'],
  }),
  withdraw: contractRoute({
    operationId: 'withdrawAlert',
    method: 'POST',
    path: `${BASE}/:id/withdraw`,
    contract: withdrawAlert,
    summary: 'Withdraw an active alert (the version is If-Match)',
    input: 'body',
    versionField: 'version',
    roles: ALERT_MANAGERS,
    status: 200,
    responseHeaders: ['ETag'],
  }),
};
