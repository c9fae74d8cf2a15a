import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';

import { type Delivery, type DeliveryState, EmailDeliveries } from '../usecases/ports';
import { EMAIL_DELIVERY_MODEL, type EmailDeliveryDocument } from './email-delivery.schema';

/** The deliveries in MongoDB, one document per notification e-mail, by key. */
@Injectable()
export class MongoEmailDeliveries extends EmailDeliveries {
  constructor(
    @InjectModel(EMAIL_DELIVERY_MODEL) private readonly deliveries: Model<EmailDeliveryDocument>,
  ) {
    super();
  }

  async get(key: string): Promise<Delivery | null> {
    const document = await this.deliveries.findById(key).lean<EmailDeliveryDocument>();
    return document
      ? { state: document.state as DeliveryState, attempts: document.attempts }
      : null;
  }

  async record(key: string, delivery: Delivery & { reason?: string }): Promise<void> {
    await this.deliveries.updateOne(
      { _id: key },
      {
        $set: {
          state: delivery.state,
          attempts: delivery.attempts,
          updatedAt: new Date(),
          ...(delivery.reason ? { reason: delivery.reason } : {}),
        },
      },
      { upsert: true },
    );
  }
}
