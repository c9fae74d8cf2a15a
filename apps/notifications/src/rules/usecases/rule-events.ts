import { type CloudEvent, buildEvent, type ruleCreated } from '@opencen/contracts';
import { currentContext, newCorrelationId } from '@opencen/nest-kit';

import { type RuleState } from '../domain/rule';

/** Every rule event has the data of the created one (rule.contracts.ts). */
type RuleEventContract = typeof ruleCreated;

/** The event of a rule's change: ids, owner, kind, state and version (never the name or filter). */
export function ruleEvent(contract: RuleEventContract, rule: RuleState, actor: string): CloudEvent {
  const context = currentContext();
  return buildEvent(contract, {
    subject: rule.id,
    data: {
      ruleId: rule.id,
      owner: rule.owner,
      kind: rule.target.kind,
      enabled: rule.enabled,
      version: rule.version,
    },
    correlationId: context?.correlationId ?? newCorrelationId(),
    ...(context?.causationId ? { causationId: context.causationId } : {}),
    actor,
    time: rule.updatedAt,
  });
}
