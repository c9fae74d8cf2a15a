import {
  type Alert,
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

/**
 * `persons.alert.list` as a query string can carry it: the subject's two fields side by side
 * (`?subjectType=person&subjectId=…`).
 */
const listAlertsQuery = z.object({
  subjectType: subjectTypeSchema,
  subjectId: z.string().min(1).max(64),
  activeOnly: z.boolean().default(false),
});

/** What a read of alerts names in the audit trail: each alert and the subject it is on. */
const alertRecords = (alerts: readonly Alert[], subject?: Alert['subject']) => [
  ...(subject ? [{ kind: subject.subjectType, id: subject.subjectId }] : []),
  ...alerts.flatMap((alert) => [
    { kind: 'alert' as const, id: alert.id },
    { kind: alert.subject.subjectType, id: alert.subject.subjectId },
  ]),
];

/** The URL of an alert, as in Location. */
const alertLocation = (alert: Alert) => `${BASE}/${encodeURIComponent(alert.id)}`;

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
    policy: 'alertManagers',
    status: 201,
    location: alertLocation,
    etag: (alert) => alert.version,
  }),
  list: contractRoute({
    operationId: 'listAlerts',
    method: 'GET',
    path: BASE,
    contract: listAlerts,
    clientRequest: {
      schema: listAlertsQuery,
      toContract: ({ subjectType, subjectId, activeOnly }: z.output<typeof listAlertsQuery>) => ({
        subject: { subjectType, subjectId },
        activeOnly,
      }),
    },
    summary: 'The alerts on a subject, newest first (only the active ones with activeOnly=true)',
    input: 'query',
    policy: 'alertReaders',
    status: 200,
    audit: {
      records: (reply, request) => alertRecords(reply.items, request.subject),
      purpose: 'optional',
    },
  }),
  get: contractRoute({
    operationId: 'getAlert',
    method: 'GET',
    path: `${BASE}/:id`,
    contract: getAlert,
    summary: 'One alert by id',
    input: 'query',
    policy: 'alertReaders',
    status: 200,
    etag: (alert) => alert.version,
    audit: { records: (alert) => alertRecords([alert]), purpose: 'optional' },
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
    policy: 'alertManagers',
    status: 200,
    etag: (alert) => alert.version,
  }),
  withdraw: contractRoute({
    operationId: 'withdrawAlert',
    method: 'POST',
    path: `${BASE}/:id/withdraw`,
    contract: withdrawAlert,
    summary: 'Withdraw an active alert (the version is If-Match)',
    input: 'body',
    versionField: 'version',
    policy: 'alertManagers',
    status: 200,
    etag: (alert) => alert.version,
  }),
};
