import { Controller, Res } from '@nestjs/common';
import {
  type HandlerRequestOf,
  type Language,
  type ReferenceEntry,
  type ReplyOf,
  createReferenceEntry,
  deprecateReferenceEntry,
  getReferenceEntry,
  getReferenceSnapshot,
  listReferenceEntries,
  updateReferenceEntry,
  validateReferenceCodes,
} from '@opencen/contracts';
import { ContractClient, type RequestContext } from '@opencen/nest-kit';
import { type Response } from 'express';
import { Caller, ContractRequest, ContractRouteHandler, entityTag } from '../http/contract-route';
import { referenceRoutes as routes } from './reference.routes';

/**
 * Reference data over HTTP. Each handler only sends the validated contract request to the
 * reference-data service, with the caller's principal and correlation id, and sets the HTTP
 * headers of the reply; what a request may contain and who may send it is in reference.routes.ts.
 */
@Controller()
export class ReferenceController {
  constructor(private readonly client: ContractClient) {}

  @ContractRouteHandler(routes.list)
  async list(
    @ContractRequest() request: HandlerRequestOf<typeof listReferenceEntries>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReplyOf<typeof listReferenceEntries>> {
    const page = await this.client.send(listReferenceEntries, request, { context: caller });
    setLanguage(res, request.language);
    return page;
  }

  // Before `get`: Express matches in declaration order, and `snapshot` would pass as a code.
  @ContractRouteHandler(routes.snapshot)
  async snapshot(
    @ContractRequest() request: HandlerRequestOf<typeof getReferenceSnapshot>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReplyOf<typeof getReferenceSnapshot>> {
    const snapshot = await this.client.send(getReferenceSnapshot, request, { context: caller });
    setLanguage(res, request.language);
    return snapshot;
  }

  @ContractRouteHandler(routes.get)
  async get(
    @ContractRequest() request: HandlerRequestOf<typeof getReferenceEntry>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReferenceEntry> {
    const entry = await this.client.send(getReferenceEntry, request, { context: caller });
    return withEntryHeaders(res, entry);
  }

  @ContractRouteHandler(routes.validate)
  async validate(
    @ContractRequest() request: HandlerRequestOf<typeof validateReferenceCodes>,
    @Caller() caller: RequestContext,
  ): Promise<ReplyOf<typeof validateReferenceCodes>> {
    return this.client.send(validateReferenceCodes, request, { context: caller });
  }

  @ContractRouteHandler(routes.create)
  async create(
    @ContractRequest() request: HandlerRequestOf<typeof createReferenceEntry>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReferenceEntry> {
    const entry = await this.client.send(createReferenceEntry, request, { context: caller });
    res.location(`/api/v1/reference/${entry.list}/${encodeURIComponent(entry.code)}`);
    return withEntryHeaders(res, entry);
  }

  @ContractRouteHandler(routes.update)
  async update(
    @ContractRequest() request: HandlerRequestOf<typeof updateReferenceEntry>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReferenceEntry> {
    const entry = await this.client.send(updateReferenceEntry, request, { context: caller });
    return withEntryHeaders(res, entry);
  }

  @ContractRouteHandler(routes.deprecate)
  async deprecate(
    @ContractRequest() request: HandlerRequestOf<typeof deprecateReferenceEntry>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReferenceEntry> {
    const entry = await this.client.send(deprecateReferenceEntry, request, { context: caller });
    return withEntryHeaders(res, entry);
  }
}

/** ETag from the entry's version, Content-Language from the language its label is in. */
function withEntryHeaders(res: Response, entry: ReferenceEntry): ReferenceEntry {
  res.setHeader('ETag', entityTag(entry.version));
  setLanguage(res, entry.labelLanguage);
  return entry;
}

function setLanguage(res: Response, language: Language): void {
  res.setHeader('Content-Language', language);
  res.vary('Accept-Language');
}
