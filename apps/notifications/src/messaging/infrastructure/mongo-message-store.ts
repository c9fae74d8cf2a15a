import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type CloudEvent } from '@opencen/contracts';
import { EventBus, WITHOUT_OUTBOX, isDuplicateKeyError } from '@opencen/nest-kit';
import { Model } from 'mongoose';

import { messageKey } from '../domain/conversation';
import { MessageStore, type StoredMessage } from '../usecases/ports';
import { MESSAGE_MODEL, MESSAGES_COLLECTION, type MessageDocument } from './conversation.schema';

/** The messages in MongoDB by `<conversation>/<number>`; inserting the key takes the number. */
@Injectable()
export class MongoMessageStore extends MessageStore {
  constructor(
    @InjectModel(MESSAGE_MODEL) private readonly messages: Model<MessageDocument>,
    private readonly events: EventBus,
  ) {
    super();
  }

  async insert(message: StoredMessage, event: CloudEvent): Promise<boolean> {
    try {
      await this.events.insertWithEvents(
        MESSAGES_COLLECTION,
        {
          _id: messageKey(message.conversationId, message.number),
          ...message,
          attachments: message.attachments.map((a) => ({ ...a })),
        },
        [event],
        (document) => this.messages.collection.insertOne(document as never),
      );
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async get(conversationId: string, numbers: readonly number[]): Promise<StoredMessage[]> {
    if (numbers.length === 0) return [];
    // Each by its key, all at once: the page is a list of numbers. (`_id: {$in: keys}` would be
    // one command, but FerretDB 1.24 uses its `_id` index for equality only, so it would scan.)
    const keys = numbers.map((n) => messageKey(conversationId, n));
    const found = await Promise.all(
      keys.map((key) =>
        this.messages.findById(key, WITHOUT_OUTBOX).lean<Omit<MessageDocument, 'outbox'>>(),
      ),
    );
    const byKey = new Map(found.flatMap((d) => (d ? [[d._id, d] as const] : [])));
    return keys.flatMap((key) => {
      const d = byKey.get(key);
      if (!d) return [];
      return [
        {
          conversationId: d.conversationId,
          number: d.number,
          author: d.author,
          body: d.body,
          ...(d.template ? { template: d.template } : {}),
          attachments: d.attachments ?? [],
          postedAt: d.postedAt,
          ...(d.postId ? { postId: d.postId } : {}),
        },
      ];
    });
  }
}
