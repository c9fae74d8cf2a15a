import { Controller } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  createRule,
  deleteRule,
  disableRule,
  enableRule,
  getRule,
  listRules,
  updateRule,
} from '@opencen/contracts';
import { HandleRequest, type RequestContext } from '@opencen/nest-kit';

import { ChangeRule } from './usecases/change-rule';
import { CreateRule } from './usecases/create-rule';
import { GetRule } from './usecases/get-rule';
import { ListRules } from './usecases/list-rules';

/** The `notifications.rule.*` subjects: every user keeps their own rules. */
@Controller()
export class RulesController {
  constructor(
    private readonly createRule: CreateRule,
    private readonly listRules: ListRules,
    private readonly getRule: GetRule,
    private readonly changeRule: ChangeRule,
  ) {}

  @HandleRequest(createRule)
  create(
    request: HandlerRequestOf<typeof createRule>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof createRule>> {
    return this.createRule.execute({ ...request, context });
  }

  @HandleRequest(listRules)
  list(
    request: HandlerRequestOf<typeof listRules>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof listRules>> {
    return this.listRules.execute({ ...request, context });
  }

  @HandleRequest(getRule)
  get(
    request: HandlerRequestOf<typeof getRule>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof getRule>> {
    return this.getRule.execute({ ...request, context });
  }

  @HandleRequest(updateRule)
  update(
    { id, version, name, target }: HandlerRequestOf<typeof updateRule>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof updateRule>> {
    return this.changeRule.execute({
      id,
      version,
      change: { type: 'update', name, target },
      context,
    });
  }

  @HandleRequest(enableRule)
  enable(
    { id, version }: HandlerRequestOf<typeof enableRule>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof enableRule>> {
    return this.changeRule.execute({ id, version, change: { type: 'enable' }, context });
  }

  @HandleRequest(disableRule)
  disable(
    { id, version }: HandlerRequestOf<typeof disableRule>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof disableRule>> {
    return this.changeRule.execute({ id, version, change: { type: 'disable' }, context });
  }

  @HandleRequest(deleteRule)
  async delete(
    { id, version }: HandlerRequestOf<typeof deleteRule>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof deleteRule>> {
    await this.changeRule.execute({ id, version, change: { type: 'delete' }, context });
    return { id, deleted: true };
  }
}
