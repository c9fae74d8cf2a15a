import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { NOTIFICATION_KINDS, notificationChannelsSchema } from '@opencen/contracts';
import { Model } from 'mongoose';

import { type ChosenChannels } from '../domain/preferences';
import { PreferencesStore } from '../usecases/ports';
import { PREFERENCES_MODEL, type PreferencesDocument } from './preferences.schema';

/** Preferences in MongoDB, one document per user. */
@Injectable()
export class MongoPreferencesStore extends PreferencesStore {
  constructor(
    @InjectModel(PREFERENCES_MODEL) private readonly preferences: Model<PreferencesDocument>,
  ) {
    super();
  }

  async get(user: string): Promise<ChosenChannels> {
    const document = await this.preferences.findById(user).lean<PreferencesDocument>();
    const chosen: ChosenChannels = {};
    for (const kind of NOTIFICATION_KINDS) {
      // A stored value that is no longer valid (a channel removed since) counts as not chosen.
      const parsed = notificationChannelsSchema.safeParse(document?.channels?.[kind]);
      if (parsed.success) chosen[kind] = parsed.data;
    }
    return chosen;
  }

  async save(user: string, chosen: ChosenChannels): Promise<void> {
    await this.preferences.updateOne(
      { _id: user },
      { $set: { channels: chosen, updatedAt: new Date() } },
      { upsert: true },
    );
  }
}
