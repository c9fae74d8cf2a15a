import { Controller, Res } from '@nestjs/common';
import {
  type Alert,
  type HandlerRequestOf,
  type ReplyOf,
  getAlert,
  listAlerts,
  raiseAlert,
  updateAlert,
  withdrawAlert,
} from '@opencen/contracts';
import { ContractClient, type RequestContext } from '@opencen/nest-kit';
import { type Response } from 'express';
import { Caller, ContractRequest, ContractRouteHandler, entityTag } from '../http/contract-route';
import { withBodyPaths } from '../http/service-call';
import { type listAlertsQuery, alertRoutes as routes } from './alerts.routes';

/**
 * Watchlist alerts over HTTP: each handler sends the validated contract request to the persons
 * service with the caller's principal, and sets the status and headers of the reply.
 */
@Controller()
export class AlertsController {
  constructor(private readonly client: ContractClient) {}

  @ContractRouteHandler(routes.raise)
  async raise(
    @ContractRequest() request: HandlerRequestOf<typeof raiseAlert>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Alert> {
    const alert = await this.client.send(raiseAlert, request, { context: caller });
    res.location(alertLocation(alert));
    res.setHeader('ETag', entityTag(alert.version));
    return alert;
  }

  @ContractRouteHandler(routes.list)
  async list(
    @ContractRequest() request: HandlerRequestOf<typeof listAlertsQuery>,
    @Caller() caller: RequestContext,
  ): Promise<ReplyOf<typeof listAlerts>> {
    const { subjectType, subjectId, activeOnly } = request;
    return this.client.send(
      listAlerts,
      { subject: { subjectType, subjectId }, activeOnly },
      { context: caller },
    );
  }

  @ContractRouteHandler(routes.get)
  async get(
    @ContractRequest() request: HandlerRequestOf<typeof getAlert>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Alert> {
    const alert = await this.client.send(getAlert, request, { context: caller });
    res.setHeader('ETag', entityTag(alert.version));
    return alert;
  }

  @ContractRouteHandler(routes.update)
  async update(
    @ContractRequest() request: HandlerRequestOf<typeof updateAlert>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Alert> {
    const alert = await withBodyPaths(routes.update, () =>
      this.client.send(updateAlert, request, { context: caller }),
    );
    res.setHeader('ETag', entityTag(alert.version));
    return alert;
  }

  @ContractRouteHandler(routes.withdraw)
  async withdraw(
    @ContractRequest() request: HandlerRequestOf<typeof withdrawAlert>,
    @Caller() caller: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Alert> {
    const alert = await this.client.send(withdrawAlert, request, { context: caller });
    res.setHeader('ETag', entityTag(alert.version));
    return alert;
  }
}

/** The URL of an alert, as in Location. */
export function alertLocation(alert: Pick<Alert, 'id'>): string {
  return `/api/v1/alerts/${encodeURIComponent(alert.id)}`;
}
