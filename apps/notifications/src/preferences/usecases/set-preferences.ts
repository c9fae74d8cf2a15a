import { Injectable } from '@nestjs/common';
import { type NotificationPreferences } from '@opencen/contracts';
import { type RequestContext, documentWriteLock, requirePrincipal } from '@opencen/nest-kit';

import {
  type ChosenChannels,
  changedPreferences,
  effectivePreferences,
} from '../domain/preferences';
import { PreferencesStore } from './ports';

/** Sets the caller's channels for the kinds given; answers every kind's. */
@Injectable()
export class SetPreferences {
  constructor(private readonly store: PreferencesStore) {}

  async execute(command: {
    change: ChosenChannels;
    context: RequestContext;
  }): Promise<NotificationPreferences> {
    const user = requirePrincipal(command.context, 'Notification preferences');
    // Read, change and write under the user's lock: two changes at once keep both.
    const chosen = await documentWriteLock.run('notification_preferences', user.sub, async () => {
      const next = changedPreferences(await this.store.get(user.sub), command.change);
      await this.store.save(user.sub, next);
      return next;
    });
    return effectivePreferences(chosen);
  }
}
