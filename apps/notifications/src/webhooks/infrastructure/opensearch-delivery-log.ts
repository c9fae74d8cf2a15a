import { Injectable } from '@nestjs/common';
import { type WebhookDeliveryStatus } from '@opencen/contracts';
import { SearchService } from '@opencen/nest-kit';

import { DeliveryLog } from '../usecases/ports';
import { WEBHOOK_DELIVERIES_INDEX } from './delivery-log.index';

/** The delivery log in its index: one subscription's deliveries by position, newest first. */
@Injectable()
export class OpenSearchDeliveryLog extends DeliveryLog {
  constructor(private readonly search: SearchService) {
    super();
  }

  async page(
    subscriptionId: string,
    options: { status?: WebhookDeliveryStatus; after?: string; limit: number },
  ): Promise<string[]> {
    const reply = await this.search.query(WEBHOOK_DELIVERIES_INDEX, {
      size: options.limit,
      _source: false,
      sort: [{ position: 'desc' }],
      query: {
        bool: {
          filter: [
            { term: { subscriptionId } },
            ...(options.status ? [{ term: { status: options.status } }] : []),
            ...(options.after ? [{ range: { position: { lt: options.after } } }] : []),
          ],
        },
      },
    });
    return reply.hits.map((hit) => hit._id);
  }
}
