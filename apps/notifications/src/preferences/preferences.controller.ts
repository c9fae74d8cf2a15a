import { Controller } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  getNotificationPreferences,
  setNotificationPreferences,
} from '@opencen/contracts';
import { HandleRequest, type RequestContext } from '@opencen/nest-kit';

import { GetPreferences } from './usecases/get-preferences';
import { SetPreferences } from './usecases/set-preferences';

/** The `notifications.preference.*` subjects: every user reads and sets their own. */
@Controller()
export class PreferencesController {
  constructor(
    private readonly getPreferences: GetPreferences,
    private readonly setPreferences: SetPreferences,
  ) {}

  @HandleRequest(getNotificationPreferences)
  get(
    _request: HandlerRequestOf<typeof getNotificationPreferences>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof getNotificationPreferences>> {
    return this.getPreferences.execute({ context });
  }

  @HandleRequest(setNotificationPreferences)
  set(
    request: HandlerRequestOf<typeof setNotificationPreferences>,
    context: RequestContext,
  ): Promise<HandlerReplyOf<typeof setNotificationPreferences>> {
    return this.setPreferences.execute({ change: request, context });
  }
}
