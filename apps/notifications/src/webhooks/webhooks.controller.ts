import { Controller } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  createWebhook,
  getWebhook,
  listWebhookDeliveries,
  listWebhooks,
  replayWebhook,
  rotateWebhookSecret,
  updateWebhook,
} from '@opencen/contracts';
import { HandleRequest, type RequestContext } from '@opencen/nest-kit';

import { DeliveryLogs } from './usecases/delivery-log';
import { ManageWebhooks } from './usecases/manage-webhooks';

type Req<C extends Parameters<typeof HandleRequest>[0]> = HandlerRequestOf<C>;
type Reply<C extends Parameters<typeof HandleRequest>[0]> = Promise<HandlerReplyOf<C>>;

/** The `notifications.webhook.*` subjects: each hands its request to its use case. */
@Controller()
export class WebhooksController {
  constructor(
    private readonly manage: ManageWebhooks,
    private readonly logs: DeliveryLogs,
  ) {}

  @HandleRequest(createWebhook)
  create(request: Req<typeof createWebhook>, context: RequestContext): Reply<typeof createWebhook> {
    return this.manage.create({ ...request, context });
  }

  @HandleRequest(listWebhooks)
  list(_request: Req<typeof listWebhooks>, context: RequestContext): Reply<typeof listWebhooks> {
    return this.manage.list({ context });
  }

  @HandleRequest(getWebhook)
  get(request: Req<typeof getWebhook>, context: RequestContext): Reply<typeof getWebhook> {
    return this.manage.get({ ...request, context });
  }

  @HandleRequest(updateWebhook)
  update(request: Req<typeof updateWebhook>, context: RequestContext): Reply<typeof updateWebhook> {
    return this.manage.update({ ...request, context });
  }

  @HandleRequest(rotateWebhookSecret)
  rotate(
    request: Req<typeof rotateWebhookSecret>,
    context: RequestContext,
  ): Reply<typeof rotateWebhookSecret> {
    return this.manage.rotateSecret({ ...request, context });
  }

  @HandleRequest(listWebhookDeliveries)
  deliveries(
    request: Req<typeof listWebhookDeliveries>,
    context: RequestContext,
  ): Reply<typeof listWebhookDeliveries> {
    return this.logs.list({ ...request, context });
  }

  @HandleRequest(replayWebhook)
  replay(request: Req<typeof replayWebhook>, context: RequestContext): Reply<typeof replayWebhook> {
    return this.logs.replay({ ...request, context });
  }
}
