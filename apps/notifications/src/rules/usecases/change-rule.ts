import { Injectable } from '@nestjs/common';
import {
  type Rule,
  type RuleTarget,
  ruleDeleted,
  ruleDisabled,
  ruleEnabled,
  ruleUpdated,
} from '@opencen/contracts';
import { Clock, type RequestContext, assertVersion, requirePrincipal } from '@opencen/nest-kit';

import { type RuleState } from '../domain/rule';
import { RuleStore } from './ports';
import { assertMayKeep } from './rule-access';
import { ruleEvent } from './rule-events';
import { ownRule, ruleView } from './rule-views';

/** What a change of a rule does: new name and target, enabled or disabled, or deleted. */
export type RuleChange =
  | { readonly type: 'update'; readonly name: string; readonly target: RuleTarget }
  | { readonly type: 'enable' }
  | { readonly type: 'disable' }
  | { readonly type: 'delete' };

const EVENT_OF = {
  update: ruleUpdated,
  enable: ruleEnabled,
  disable: ruleDisabled,
  delete: ruleDeleted,
} as const;

/**
 * Changes one of the caller's rules at the version they saw (CONFLICT otherwise), with its event
 * in the same write: the store's versioned update (under the kit's write lock) refuses a change
 * made meanwhile. An update or an enable needs the roles of the rule's search, as a create does.
 */
@Injectable()
export class ChangeRule {
  constructor(
    private readonly store: RuleStore,
    private readonly clock: Clock,
  ) {}

  async execute(command: {
    readonly id: string;
    readonly version: number;
    readonly change: RuleChange;
    readonly context: RequestContext;
  }): Promise<Rule> {
    const caller = requirePrincipal(command.context, 'Analytic rules');
    const { change } = command;
    const rule = ownRule(await this.store.get(command.id), command.id, caller.sub);
    assertVersion('Rule', rule, command.version);
    if (change.type === 'update') assertMayKeep(caller, change.target.kind);
    if (change.type === 'enable') assertMayKeep(caller, rule.target.kind);
    const changed: RuleState = {
      ...rule,
      ...(change.type === 'update' ? { name: change.name, target: change.target } : {}),
      ...(change.type === 'enable' ? { enabled: true } : {}),
      ...(change.type === 'disable' ? { enabled: false } : {}),
      ...(change.type === 'delete' ? { deleted: true, enabled: false } : {}),
      updatedAt: this.clock.now(),
      version: rule.version + 1,
    };
    await this.store.update(
      rule.id,
      rule.version,
      {
        name: changed.name,
        target: changed.target,
        enabled: changed.enabled,
        deleted: changed.deleted,
        updatedAt: changed.updatedAt,
      },
      ruleEvent(EVENT_OF[change.type], changed, caller.sub),
    );
    return ruleView(changed);
  }
}
