import { Controller, Res } from '@nestjs/common';
import {
  type Case,
  type CaseComment,
  type HandlerRequestOf,
  type ReplyOf,
  type RequestContract,
  type RequestOf,
  addCaseComment,
  addCaseTask,
  assignCase,
  caseHistory,
  type caseSchema,
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
import { ContractClient, type RequestContext } from '@opencen/nest-kit';
import { type Response } from 'express';
import { type z } from 'zod';
import { Caller, ContractRequest, ContractRouteHandler, entityTag } from '../http/contract-route';
import { withBodyPaths } from '../http/service-call';
import { caseRoutes as routes } from './cases.routes';

/**
 * Cases over HTTP. Each handler sends the validated contract request to the cases service with the
 * caller's principal and correlation id, and sets the status and headers of the reply (the case's
 * version as ETag); what a request may contain and who may send it is in cases.routes.ts.
 */
@Controller()
export class CasesController {
  constructor(private readonly client: ContractClient) {}

  @ContractRouteHandler(routes.create)
  async create(
    @ContractRequest() request: HandlerRequestOf<typeof createCase>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Case> {
    const kase = await this.sendForCase(createCase, request, caller, res);
    res.location(caseLocation(kase));
    return kase;
  }

  @ContractRouteHandler(routes.get)
  get(
    @ContractRequest() request: HandlerRequestOf<typeof getCase>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Case> {
    return this.sendForCase(getCase, request, caller, res);
  }

  /** The body is the draft: the service's `draft.…` paths are named as the client wrote them. */
  @ContractRouteHandler(routes.update)
  update(
    @ContractRequest() request: HandlerRequestOf<typeof updateCase>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Case> {
    return withBodyPaths(routes.update, () => this.sendForCase(updateCase, request, caller, res));
  }

  @ContractRouteHandler(routes.history)
  history(
    @ContractRequest() request: HandlerRequestOf<typeof caseHistory>,
    @Caller() caller: RequestContext,
  ): Promise<ReplyOf<typeof caseHistory>> {
    return this.client.send(caseHistory, request, { context: caller });
  }

  @ContractRouteHandler(routes.submit)
  submit(
    @ContractRequest() request: HandlerRequestOf<typeof submitCase>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Case> {
    return this.sendForCase(submitCase, request, caller, res);
  }

  @ContractRouteHandler(routes.validate)
  validate(
    @ContractRequest() request: HandlerRequestOf<typeof validateCase>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Case> {
    return this.sendForCase(validateCase, request, caller, res);
  }

  @ContractRouteHandler(routes.reject)
  reject(
    @ContractRequest() request: HandlerRequestOf<typeof rejectCase>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Case> {
    return this.sendForCase(rejectCase, request, caller, res);
  }

  @ContractRouteHandler(routes.close)
  close(
    @ContractRequest() request: HandlerRequestOf<typeof closeCase>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Case> {
    return this.sendForCase(closeCase, request, caller, res);
  }

  @ContractRouteHandler(routes.reopen)
  reopen(
    @ContractRequest() request: HandlerRequestOf<typeof reopenCase>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Case> {
    return this.sendForCase(reopenCase, request, caller, res);
  }

  @ContractRouteHandler(routes.assign)
  assign(
    @ContractRequest() request: HandlerRequestOf<typeof assignCase>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Case> {
    return this.sendForCase(assignCase, request, caller, res);
  }

  @ContractRouteHandler(routes.addTask)
  async addTask(
    @ContractRequest() request: HandlerRequestOf<typeof addCaseTask>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReplyOf<typeof addCaseTask>> {
    const reply = await this.client.send(addCaseTask, request, { context: caller });
    res.setHeader('ETag', entityTag(reply.case.version));
    return reply;
  }

  @ContractRouteHandler(routes.completeTask)
  async completeTask(
    @ContractRequest() request: HandlerRequestOf<typeof completeCaseTask>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReplyOf<typeof completeCaseTask>> {
    const reply = await this.client.send(completeCaseTask, request, { context: caller });
    res.setHeader('ETag', entityTag(reply.case.version));
    return reply;
  }

  @ContractRouteHandler(routes.addComment)
  addComment(
    @ContractRequest() request: HandlerRequestOf<typeof addCaseComment>,
    @Caller() caller: RequestContext,
  ): Promise<CaseComment> {
    return this.client.send(addCaseComment, request, { context: caller });
  }

  @ContractRouteHandler(routes.listComments)
  listComments(
    @ContractRequest() request: HandlerRequestOf<typeof listCaseComments>,
    @Caller() caller: RequestContext,
  ): Promise<ReplyOf<typeof listCaseComments>> {
    return this.client.send(listCaseComments, request, { context: caller });
  }

  /** Sends a request whose reply is the case, and sets its version as ETag. */
  private async sendForCase<C extends RequestContract<z.ZodType, typeof caseSchema>>(
    contract: C,
    request: RequestOf<C>,
    caller: RequestContext,
    res: Response,
  ): Promise<Case> {
    const kase = await this.client.send(contract, request, { context: caller });
    res.setHeader('ETag', entityTag(kase.version));
    return kase;
  }
}

/** The URL of a case, as in Location. */
export function caseLocation(kase: Pick<Case, 'id'>): string {
  return `/api/v1/cases/${encodeURIComponent(kase.id)}`;
}
