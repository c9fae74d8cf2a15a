import { Injectable } from '@nestjs/common';
import { type HandlerReplyOf, type HandlerRequestOf, type getRule } from '@opencen/contracts';
import { type RequestContext, requirePrincipal } from '@opencen/nest-kit';

import { RuleStore } from './ports';
import { ownRule, ruleView } from './rule-views';

/** One of the caller's rules, by key. */
@Injectable()
export class GetRule {
  constructor(private readonly store: RuleStore) {}

  async execute(
    command: HandlerRequestOf<typeof getRule> & { readonly context: RequestContext },
  ): Promise<HandlerReplyOf<typeof getRule>> {
    const caller = requirePrincipal(command.context, 'Analytic rules');
    return ruleView(ownRule(await this.store.get(command.id), command.id, caller.sub));
  }
}
