import { Injectable } from '@nestjs/common';
import { type NotificationChannel, type NotificationKind } from '@opencen/contracts';

import { ChannelPreferences } from '../../inbox/usecases/ports';
import { effectivePreferences } from '../domain/preferences';
import { PreferencesStore } from './ports';

/** The inbox's question: how a user wants to be told of a kind (none: off). */
@Injectable()
export class ChannelsOf extends ChannelPreferences {
  constructor(private readonly store: PreferencesStore) {
    super();
  }

  async channelsOf(user: string, kind: NotificationKind): Promise<NotificationChannel[]> {
    return effectivePreferences(await this.store.get(user))[kind];
  }
}
