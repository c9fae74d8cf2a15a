import { Injectable } from '@nestjs/common';
import { type HandlerReplyOf, type HandlerRequestOf, type listRules } from '@opencen/contracts';
import { type RequestContext, requirePrincipal } from '@opencen/nest-kit';

import { RuleIndex, RuleStore } from './ports';
import { ruleView } from './rule-views';

/**
 * The caller's rules a page at a time: the page's ids from the `rules` index, each rule then read
 * by key (one deleted meanwhile is left out).
 */
@Injectable()
export class ListRules {
  constructor(
    private readonly index: RuleIndex,
    private readonly store: RuleStore,
  ) {}

  async execute(
    command: HandlerRequestOf<typeof listRules> & { readonly context: RequestContext },
  ): Promise<HandlerReplyOf<typeof listRules>> {
    const caller = requirePrincipal(command.context, 'Analytic rules');
    const page = await this.index.page(caller.sub, {
      limit: command.limit,
      ...(command.cursor ? { cursor: command.cursor } : {}),
    });
    const rules = await Promise.all(page.ids.map((id) => this.store.get(id)));
    return {
      items: rules
        .filter((rule) => rule !== null && !rule.deleted && rule.owner === caller.sub)
        .map((rule) => ruleView(rule!)),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }
}
