/**
 * Contracts of the analytic rules (nCEN's custom analytic rules): a user saves a case search (any
 * filter of the case search) or a watch on persons, companies or conveyances (the filter of their
 * search), and is notified once per record and rule when a new or changed record matches it, within
 * what they may read.
 *
 * A rule's filter is the corresponding search's, strict: a field the search does not know is
 * refused. Rule events carry ids, the owner's sub, the kind and the version only: never the name
 * or the filter, which are free text that may name people.
 */
import { z } from 'zod';

import { savedCaseSearchFilterSchema } from '../cases/case-search.contracts';
import { type EventContract, defineEvent } from '../events';
import { type RequestContract, defineRequest } from '../requests';
import {
  companyWatchFilterSchema,
  conveyanceWatchFilterSchema,
  personWatchFilterSchema,
} from '../persons/saved-search.contracts';

/** What a rule watches: cases found by a case search, or persons, companies or conveyances. */
export const RULE_KINDS = [
  'case-search',
  'person-watch',
  'company-watch',
  'conveyance-watch',
] as const;
export const ruleKindSchema = z.enum(RULE_KINDS);
export type RuleKind = z.infer<typeof ruleKindSchema>;

/** What a rule looks for: its kind and the filter of that kind's search. */
export const ruleTargetSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('case-search'), filter: savedCaseSearchFilterSchema }),
  z.strictObject({ kind: z.literal('person-watch'), filter: personWatchFilterSchema }),
  z.strictObject({ kind: z.literal('company-watch'), filter: companyWatchFilterSchema }),
  z.strictObject({ kind: z.literal('conveyance-watch'), filter: conveyanceWatchFilterSchema }),
]);
export type RuleTarget = z.infer<typeof ruleTargetSchema>;

const ruleId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'a rule id');
/** Shown in the notifications of the rule: a title, not a person's name. */
const ruleName = z.string().trim().min(1).max(100);
const version = z.number().int().positive();

/** A rule as its owner reads it. */
export const ruleSchema = z.object({
  id: ruleId,
  name: z.string(),
  target: ruleTargetSchema,
  /** A disabled rule is kept and evaluated against nothing. */
  enabled: z.boolean(),
  /** The owner's Keycloak sub: who is notified, and as whom the rule is evaluated. */
  owner: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  version,
});
export type Rule = z.infer<typeof ruleSchema>;

export const RULE_PAGE_MAX = 100;
/** How many rules a user may keep: each one is evaluated against every record of its kind. */
export const RULES_PER_OWNER_MAX = 100;

const of = { service: 'notifications', aggregate: 'rule' } as const;

export const createRule = defineRequest({
  ...of,
  verb: 'create',
  description:
    'Saves a rule for the caller: a case search (case readers) or a watch on persons, companies or conveyances (record readers). From then on each new or changed record that it finds, among those the caller may read, notifies the caller once.',
  request: z.strictObject({
    name: ruleName,
    target: ruleTargetSchema,
    enabled: z.boolean().default(true),
  }),
  reply: ruleSchema,
});

export const listRules = defineRequest({
  ...of,
  verb: 'list',
  description:
    "The caller's rules, newest first, a page at a time: `cursor` is the `nextCursor` of the page before. A rule is listed within about a second of its change.",
  request: z.strictObject({
    cursor: z.string().max(200).optional(),
    limit: z.number().int().min(1).max(RULE_PAGE_MAX).default(20),
  }),
  reply: z.object({ items: z.array(ruleSchema), nextCursor: z.string().optional() }),
});

export const getRule = defineRequest({
  ...of,
  verb: 'get',
  description: "One of the caller's rules. NOT_FOUND for another user's.",
  request: z.strictObject({ id: ruleId }),
  reply: ruleSchema,
});

export const updateRule = defineRequest({
  ...of,
  verb: 'update',
  description:
    "Replaces the name and target of one of the caller's rules, if it is still at the given version (CONFLICT otherwise). Records that the rule has already notified of do not notify again.",
  request: z.strictObject({ id: ruleId, version, name: ruleName, target: ruleTargetSchema }),
  reply: ruleSchema,
});

export const enableRule = defineRequest({
  ...of,
  verb: 'enable',
  description: "Enables one of the caller's rules (at the given version).",
  request: z.strictObject({ id: ruleId, version }),
  reply: ruleSchema,
});

export const disableRule = defineRequest({
  ...of,
  verb: 'disable',
  description:
    "Disables one of the caller's rules (at the given version): it notifies of nothing until enabled.",
  request: z.strictObject({ id: ruleId, version }),
  reply: ruleSchema,
});

export const deleteRule = defineRequest({
  ...of,
  verb: 'delete',
  description: "Deletes one of the caller's rules (at the given version).",
  request: z.strictObject({ id: ruleId, version }),
  reply: z.object({ id: ruleId, deleted: z.literal(true) }),
});

export const ruleRequestContracts: readonly RequestContract[] = [
  createRule,
  listRules,
  getRule,
  updateRule,
  enableRule,
  disableRule,
  deleteRule,
];

/** What every rule event carries: ids, owner, kind, state and version. Never the name or filter. */
const ruleEventData = z.object({
  ruleId,
  owner: z.string(),
  kind: ruleKindSchema,
  enabled: z.boolean(),
  version,
});

const ruleEvent = (verb: string, description: string) =>
  defineEvent({ ...of, verb, version: 1, description, data: ruleEventData });

export const ruleCreated = ruleEvent('created', 'A user saved an analytic rule.');
export const ruleUpdated = ruleEvent('updated', "A rule's name or target changed.");
export const ruleEnabled = ruleEvent('enabled', 'A rule was enabled.');
export const ruleDisabled = ruleEvent('disabled', 'A rule was disabled.');
export const ruleDeleted = ruleEvent('deleted', 'A rule was deleted.');

export const ruleEventContracts: readonly EventContract[] = [
  ruleCreated,
  ruleUpdated,
  ruleEnabled,
  ruleDisabled,
  ruleDeleted,
];
