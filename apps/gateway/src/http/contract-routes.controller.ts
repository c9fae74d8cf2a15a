import {
  Controller,
  Get,
  HttpCode,
  Inject,
  Optional,
  Patch,
  Post,
  Put,
  Req,
  Res,
  type Type,
} from '@nestjs/common';
import { ContractClient, KIT_LOGGER } from '@opencen/nest-kit';
import { type Response } from 'express';
import { type Logger } from 'pino';
import { AccessAudit } from '../audit/access-audit';
import { RequirePolicy } from '../auth/access';
import { LIVE_FEED, type LiveFeed } from '../notifications/live-feed';
import { type ContractRoute, forwardToContract } from './contract-route';
import { type GatewayRequest, requestContextOf } from './gateway-request';

const MAPPINGS = { GET: Get, POST: Post, PUT: Put, PATCH: Patch } as const;

/**
 * The one controller of the contract routes: a Nest handler per route of the table, named by its
 * operation id, that runs the route's own handler or the generic one, with the recorder of the
 * route's access records (audit/access-audit.ts). Express tries routes in the
 * order they are registered, so they are registered most specific first (see
 * {@link compareSpecificity}), whatever the order of the table.
 */
export function contractRoutesController(routes: readonly ContractRoute[]): Type<unknown> {
  @Controller()
  class ContractRoutesController {
    constructor(
      @Inject(ContractClient) readonly client: ContractClient,
      @Inject(KIT_LOGGER) readonly logger: Logger,
      @Inject(AccessAudit) readonly audit: AccessAudit,
      @Optional() @Inject(LIVE_FEED) readonly live?: LiveFeed,
    ) {}
  }
  const prototype = ContractRoutesController.prototype as unknown as Record<string, unknown>;
  for (const route of inRegistrationOrder(routes)) {
    const handle = route.handler ?? forwardToContract;
    const name = route.operationId;
    const descriptor: PropertyDescriptor = {
      value: function (this: ContractRoutesController, req: GatewayRequest, res: Response) {
        const { client, logger, live } = this;
        const caller = requestContextOf(req, res);
        // An audited route checks its purpose before anything is sent to a service.
        const access = this.audit.recorderFor(route, req, caller);
        return handle({
          route,
          req,
          res,
          caller,
          client,
          logger,
          access,
          ...(live ? { live } : {}),
        });
      },
      writable: true,
      configurable: true,
    };
    Object.defineProperty(descriptor.value, 'name', { value: name });
    Object.defineProperty(prototype, name, descriptor);
    Req()(prototype, name, 0);
    // A download writes its response itself; every other route's result is its JSON body.
    Res({ passthrough: route.files?.download === undefined })(prototype, name, 1);
    MAPPINGS[route.method](route.path)(prototype, name, descriptor);
    HttpCode(route.status)(prototype, name, descriptor);
    if (route.policy) RequirePolicy(route.policy)(prototype, name, descriptor);
  }
  return ContractRoutesController;
}

/**
 * The routes in the order to register them, most specific first. Throws when two of them would
 * match the same requests, since then one of them could never be reached.
 */
export function inRegistrationOrder(routes: readonly ContractRoute[]): ContractRoute[] {
  const ordered = [...routes].sort(compareSpecificity);
  for (let i = 1; i < ordered.length; i += 1) {
    if (compareSpecificity(ordered[i - 1]!, ordered[i]!) === 0) {
      throw new Error(
        `${ordered[i - 1]!.operationId} and ${ordered[i]!.operationId} both answer ${ordered[i]!.method} ${ordered[i]!.path}`,
      );
    }
  }
  return ordered;
}

/**
 * Orders two routes segment by segment: at the first segment where one path has a fixed word and
 * the other a parameter, the fixed word comes first (`/cases/statistics` before `/cases/:id`).
 * Other differences only make the order total, so that it does not depend on the table's.
 */
function compareSpecificity(a: ContractRoute, b: ContractRoute): number {
  const left = a.path.split('/');
  const right = b.path.split('/');
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const l = left[i]!;
    const r = right[i]!;
    const lParam = l.startsWith(':');
    const rParam = r.startsWith(':');
    if (lParam !== rParam) return lParam ? 1 : -1;
    if (!lParam && l !== r) return l < r ? -1 : 1;
  }
  if (left.length !== right.length) return left.length - right.length;
  return a.method === b.method ? 0 : a.method < b.method ? -1 : 1;
}
