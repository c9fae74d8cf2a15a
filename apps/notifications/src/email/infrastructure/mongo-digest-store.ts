import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Language } from '@opencen/contracts';
import { Model } from 'mongoose';

import { type DigestItem } from '../domain/digest-message';
import { type DayDigest, DigestStore } from '../usecases/ports';
import { EMAIL_DIGEST_MODEL, type EmailDigestDocument } from './email-digest.schema';

/** The digests in MongoDB: a user's day under `<user>/<day>`, a day's users under `day:<day>`. */
@Injectable()
export class MongoDigestStore extends DigestStore {
  constructor(
    @InjectModel(EMAIL_DIGEST_MODEL) private readonly digests: Model<EmailDigestDocument>,
  ) {
    super();
  }

  async add(user: string, day: string, language: Language, item: DigestItem): Promise<void> {
    const updatedAt = new Date();
    // The item first: a day lists a user only once their digest holds something.
    await this.digests.updateOne(
      { _id: `${user}/${day}` },
      { $set: { language, [`items.${item.id}`]: item, updatedAt } },
      { upsert: true },
    );
    await this.digests.updateOne(
      { _id: `day:${day}` },
      { $set: { [`users.${user}`]: true, updatedAt } },
      { upsert: true },
    );
  }

  async usersOf(day: string): Promise<string[]> {
    const document = await this.digests.findById(`day:${day}`).lean<EmailDigestDocument>();
    return Object.keys(document?.users ?? {}).sort();
  }

  async digestOf(user: string, day: string): Promise<DayDigest | null> {
    const document = await this.digests.findById(`${user}/${day}`).lean<EmailDigestDocument>();
    if (!document) return null;
    return {
      language: (document.language ?? 'en') as Language,
      items: Object.values(document.items ?? {}) as DigestItem[],
    };
  }
}
