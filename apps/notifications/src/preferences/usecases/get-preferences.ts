import { Injectable } from '@nestjs/common';
import { type NotificationPreferences } from '@opencen/contracts';
import { type RequestContext, requirePrincipal } from '@opencen/nest-kit';

import { effectivePreferences } from '../domain/preferences';
import { PreferencesStore } from './ports';

/** The caller's channels for every kind. */
@Injectable()
export class GetPreferences {
  constructor(private readonly store: PreferencesStore) {}

  async execute(query: { context: RequestContext }): Promise<NotificationPreferences> {
    const user = requirePrincipal(query.context, 'Notification preferences');
    return effectivePreferences(await this.store.get(user.sub));
  }
}
