import { Controller } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  addCaseComment,
  addCaseTask,
  assignCase,
  caseHistory,
  closeCase,
  completeCaseTask,
  createCase,
  getCase,
  listCaseComments,
  rejectCase,
  reopenCase,
  submitCase,
  updateCase,
  validateCase,
} from '@opencen/contracts';
import { HandleRequest, type RequestContext } from '@opencen/nest-kit';

import { AssignCase } from './usecases/assign-case';
import { AddCaseComment, ListCaseComments } from './usecases/case-comments';
import { AddCaseTask, CompleteCaseTask } from './usecases/case-tasks';
import { CreateCase } from './usecases/create-case';
import { CaseHistory, GetCase } from './usecases/get-case';
import { TransitionCase } from './usecases/transition-case';
import { UpdateCase } from './usecases/update-case';

type Req<C extends Parameters<typeof HandleRequest>[0]> = HandlerRequestOf<C>;

/**
 * The `cases.*` request subjects. HandleRequest has already validated the request against its
 * contract and will check the reply; each handler only hands the request to its use case.
 */
@Controller()
export class CasesController {
  constructor(
    private readonly createCase: CreateCase,
    private readonly updateCase: UpdateCase,
    private readonly getCase: GetCase,
    private readonly caseHistory: CaseHistory,
    private readonly transitionCase: TransitionCase,
    private readonly assignCase: AssignCase,
    private readonly addTask: AddCaseTask,
    private readonly completeTask: CompleteCaseTask,
    private readonly addComment: AddCaseComment,
    private readonly listComments: ListCaseComments,
  ) {}

  @HandleRequest(createCase)
  create(
    request: Req<typeof createCase>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof createCase>> {
    return this.createCase.execute({ ...request, context });
  }

  @HandleRequest(updateCase)
  update(
    request: Req<typeof updateCase>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof updateCase>> {
    return this.updateCase.execute({ ...request, context });
  }

  @HandleRequest(getCase)
  get(
    request: Req<typeof getCase>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof getCase>> {
    return this.getCase.execute({ ...request, context });
  }

  @HandleRequest(caseHistory)
  history(
    request: Req<typeof caseHistory>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof caseHistory>> {
    return this.caseHistory.execute({ ...request, context });
  }

  @HandleRequest(submitCase)
  submit(
    request: Req<typeof submitCase>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof submitCase>> {
    return this.transitionCase.execute({ ...request, transition: 'submit', context });
  }

  @HandleRequest(validateCase)
  validate(
    request: Req<typeof validateCase>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof validateCase>> {
    return this.transitionCase.execute({ ...request, transition: 'validate', context });
  }

  @HandleRequest(rejectCase)
  reject(
    request: Req<typeof rejectCase>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof rejectCase>> {
    const { reason, ...rest } = request;
    return this.transitionCase.execute({ ...rest, comment: reason, transition: 'reject', context });
  }

  @HandleRequest(closeCase)
  close(
    request: Req<typeof closeCase>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof closeCase>> {
    return this.transitionCase.execute({ ...request, transition: 'close', context });
  }

  @HandleRequest(reopenCase)
  reopen(
    request: Req<typeof reopenCase>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof reopenCase>> {
    return this.transitionCase.execute({ ...request, transition: 'reopen', context });
  }

  @HandleRequest(assignCase)
  assign(
    request: Req<typeof assignCase>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof assignCase>> {
    return this.assignCase.execute({ ...request, context });
  }

  @HandleRequest(addCaseTask)
  taskAdd(
    request: Req<typeof addCaseTask>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof addCaseTask>> {
    return this.addTask.execute({ ...request, context });
  }

  @HandleRequest(completeCaseTask)
  taskComplete(
    request: Req<typeof completeCaseTask>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof completeCaseTask>> {
    return this.completeTask.execute({ ...request, context });
  }

  @HandleRequest(addCaseComment)
  commentAdd(
    request: Req<typeof addCaseComment>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof addCaseComment>> {
    return this.addComment.execute({ ...request, context });
  }

  @HandleRequest(listCaseComments)
  commentList(
    request: Req<typeof listCaseComments>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof listCaseComments>> {
    return this.listComments.execute({ ...request, context });
  }
}
