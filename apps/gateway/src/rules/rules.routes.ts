import {
  type Rule,
  createRule,
  deleteRule,
  disableRule,
  enableRule,
  getRule,
  listRules,
  updateRule,
} from '@opencen/contracts';

import { contractRoute } from '../http/contract-route';

const BASE = '/api/v1/rules';

/** The URL of a rule, as in Location. */
const ruleLocation = (rule: Rule) => `${BASE}/${encodeURIComponent(rule.id)}`;

/**
 * The caller's analytic rules (saved case searches, watches on persons, companies and
 * conveyances): the roles of whoever searches cases or records (`ruleOwners`); the notifications
 * service narrows each kind to the roles of its search. Creating answers **201** with Location and
 * ETag; every change needs the version as If-Match.
 *
 * No access record (`audit:`): a rule holds only what its owner wrote, and is answered to its
 * owner alone. The records a rule finds are named in a notification by id or case number, and
 * opened through the routes of cases and subjects, which record the access.
 */
export const ruleRoutes = {
  create: contractRoute({
    operationId: 'createRule',
    method: 'POST',
    path: BASE,
    contract: createRule,
    summary: 'Save a rule: a case search or a watch on persons, companies or conveyances',
    description:
      "The `target` is `{ kind, filter }`: `case-search` with any filter of `GET /api/v1/cases` (a field the search does not know is refused), or `person-watch`, `company-watch`, `conveyance-watch` with the filter of that kind's search. Each new or changed record that the rule finds, among those the caller may read, notifies the caller once (a `rule-match` notification).",
    input: 'body',
    policy: 'ruleOwners',
    status: 201,
    location: ruleLocation,
    etag: (rule) => rule.version,
  }),
  list: contractRoute({
    operationId: 'listRules',
    method: 'GET',
    path: BASE,
    contract: listRules,
    summary: 'My rules, newest first (cursor pages)',
    input: 'query',
    policy: 'ruleOwners',
    status: 200,
  }),
  get: contractRoute({
    operationId: 'getRule',
    method: 'GET',
    path: `${BASE}/:id`,
    contract: getRule,
    summary: 'One of my rules',
    input: 'query',
    policy: 'ruleOwners',
    status: 200,
    etag: (rule) => rule.version,
  }),
  update: contractRoute({
    operationId: 'updateRule',
    method: 'PUT',
    path: `${BASE}/:id`,
    contract: updateRule,
    summary: "Replace a rule's name and target (the version is If-Match)",
    input: 'body',
    versionField: 'version',
    policy: 'ruleOwners',
    status: 200,
    etag: (rule) => rule.version,
  }),
  enable: contractRoute({
    operationId: 'enableRule',
    method: 'POST',
    path: `${BASE}/:id/enable`,
    contract: enableRule,
    summary: 'Enable a rule (the version is If-Match)',
    input: 'body',
    versionField: 'version',
    policy: 'ruleOwners',
    status: 200,
    etag: (rule) => rule.version,
  }),
  disable: contractRoute({
    operationId: 'disableRule',
    method: 'POST',
    path: `${BASE}/:id/disable`,
    contract: disableRule,
    summary: 'Disable a rule: it notifies of nothing until enabled (the version is If-Match)',
    input: 'body',
    versionField: 'version',
    policy: 'ruleOwners',
    status: 200,
    etag: (rule) => rule.version,
  }),
  delete: contractRoute({
    operationId: 'deleteRule',
    method: 'POST',
    path: `${BASE}/:id/delete`,
    contract: deleteRule,
    summary: 'Delete a rule (the version is If-Match)',
    input: 'body',
    versionField: 'version',
    policy: 'ruleOwners',
    status: 200,
  }),
};
