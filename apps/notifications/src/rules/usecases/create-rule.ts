import { Injectable } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  RULES_PER_OWNER_MAX,
  type createRule,
  ruleCreated,
} from '@opencen/contracts';
import {
  Clock,
  IdGenerator,
  type RequestContext,
  ServiceError,
  requirePrincipal,
} from '@opencen/nest-kit';

import { type RuleState } from '../domain/rule';
import { RuleIndex, RuleStore } from './ports';
import { ruleEvent } from './rule-events';
import { assertMayKeep } from './rule-access';
import { ruleView } from './rule-views';

export type CreateRuleCommand = HandlerRequestOf<typeof createRule> & {
  readonly context: RequestContext;
};

/** Saves a rule for the caller, who must hold the roles of the search it saves. */
@Injectable()
export class CreateRule {
  constructor(
    private readonly store: RuleStore,
    private readonly index: RuleIndex,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async execute(command: CreateRuleCommand): Promise<HandlerReplyOf<typeof createRule>> {
    const caller = requirePrincipal(command.context, 'Analytic rules');
    assertMayKeep(caller, command.target.kind);
    const id = this.ids.next();
    if (this.ids.repeatsEarlierRun()) {
      // The first run of this Idempotency-Key request may have stored the rule before it died.
      const stored = await this.store.get(id);
      if (stored) return ruleView(stored);
    }
    // Counted from the index (a second or so behind): the bound is a guard, not an exact quota.
    if ((await this.index.countOwned(caller.sub)) >= RULES_PER_OWNER_MAX) {
      throw ServiceError.conflict(`A user keeps at most ${RULES_PER_OWNER_MAX} rules`, [
        { path: 'name', reason: 'delete a rule first', code: 'too_many_rules' },
      ]);
    }
    const now = this.clock.now();
    const rule: RuleState = {
      id,
      owner: caller.sub,
      name: command.name,
      target: command.target,
      enabled: command.enabled,
      deleted: false,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await this.store.insert(rule, ruleEvent(ruleCreated, rule, caller.sub));
    return ruleView(rule);
  }
}
