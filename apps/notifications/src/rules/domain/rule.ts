import {
  type NotificationLink,
  type Principal,
  type RolePolicy,
  type RuleKind,
  type RuleTarget,
  type SubjectType,
  holdsPolicy,
} from '@opencen/contracts';

import { type Notice, idFromKey } from '../../inbox/domain/notice';

/** A rule as the store keeps it, under its id. */
export interface RuleState {
  readonly id: string;
  readonly owner: string;
  readonly name: string;
  readonly target: RuleTarget;
  readonly enabled: boolean;
  /** Deleted rules keep their key (their deleted event rides in the document). */
  readonly deleted: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly version: number;
}

/** What the evaluation needs of an enabled rule (from the `rules` index). */
export interface ActiveRule {
  readonly id: string;
  readonly owner: string;
  readonly name: string;
  readonly target: RuleTarget;
}

/** The records a rule can find: cases, and the persons service's subjects. */
export type RecordType = 'case' | SubjectType;

/** A new or changed record, and what a notification may name it by (a case number, an id). */
export interface ChangedRecord {
  readonly type: RecordType;
  readonly id: string;
}

/** Which rules a record type is evaluated against. */
export const RULE_KIND_OF: Record<RecordType, RuleKind> = {
  case: 'case-search',
  person: 'person-watch',
  company: 'company-watch',
  conveyance: 'conveyance-watch',
};

/** Who may keep a rule of each kind: the roles of the search it saves (contracts' ROLE_POLICIES). */
export const POLICY_OF: Record<RuleKind, RolePolicy> = {
  'case-search': 'caseReaders',
  'person-watch': 'recordReaders',
  'company-watch': 'recordReaders',
  'conveyance-watch': 'recordReaders',
};

/** Whether a principal may keep (and be told by) a rule of this kind. */
export function mayKeep(principal: Pick<Principal, 'roles'>, kind: RuleKind): boolean {
  return holdsPolicy(principal, POLICY_OF[kind]);
}

/** The key document that says a rule has found a record: once per record and rule. */
export function matchKey(ruleId: string, record: ChangedRecord): string {
  return `${ruleId}/${record.type}:${record.id}`;
}

/**
 * The notice of a rule's match, to its owner: its id is derived from the match key, so that the
 * notification is stored once whatever retries or replicas do. The text names the rule and the
 * record's reference (a case number, or the record's id): no nominal data of the record.
 */
export function ruleMatchNotice(
  rule: Pick<ActiveRule, 'id' | 'owner' | 'name'>,
  record: ChangedRecord & { readonly reference: string },
  cause: { readonly eventId: string; readonly actor: string },
): Notice {
  const link: NotificationLink = {
    type: record.type,
    id: record.id,
    ...(record.type === 'case' ? { label: record.reference } : {}),
  };
  return {
    id: idFromKey(`rule:${matchKey(rule.id, record)}`),
    kind: 'rule-match',
    cause: cause.eventId,
    audiences: [{ type: 'users', users: [rule.owner] }],
    link,
    params: { rule: rule.name, record: record.reference },
    actor: cause.actor,
  };
}
