import { type Rule } from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';

import { type RuleState } from '../domain/rule';

/** A rule as its owner reads it. */
export function ruleView(rule: RuleState): Rule {
  return {
    id: rule.id,
    name: rule.name,
    target: rule.target,
    enabled: rule.enabled,
    owner: rule.owner,
    createdAt: rule.createdAt.toISOString(),
    updatedAt: rule.updatedAt.toISOString(),
    version: rule.version,
  };
}

/** The caller's own rule: another user's, or a deleted one, is NOT_FOUND (nothing is told of it). */
export function ownRule(rule: RuleState | null, id: string, caller: string): RuleState {
  if (!rule || rule.deleted || rule.owner !== caller) throw ServiceError.notFound(`No rule ${id}`);
  return rule;
}
