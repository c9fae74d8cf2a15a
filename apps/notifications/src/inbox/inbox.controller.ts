import { Controller } from '@nestjs/common';
import {
  type HandlerReplyOf,
  type HandlerRequestOf,
  countUnreadNotifications,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  notificationsSince,
} from '@opencen/contracts';
import { HandleRequest, type RequestContext } from '@opencen/nest-kit';

import { CountUnread } from './usecases/count-unread';
import { ListNotifications } from './usecases/list-notifications';
import { MarkAllRead } from './usecases/mark-all-read';
import { MarkRead } from './usecases/mark-read';
import { NotificationsSince } from './usecases/notifications-since';

type Reply<C extends Parameters<typeof HandleRequest>[0]> = Promise<HandlerReplyOf<C>>;

/** The `notifications.notification.*` subjects: every user reads and marks their own inbox only. */
@Controller()
export class InboxController {
  constructor(
    private readonly listNotifications: ListNotifications,
    private readonly countUnread: CountUnread,
    private readonly markRead: MarkRead,
    private readonly markAllRead: MarkAllRead,
    private readonly since: NotificationsSince,
  ) {}

  @HandleRequest(listNotifications)
  list(
    request: HandlerRequestOf<typeof listNotifications>,
    context: RequestContext,
  ): Reply<typeof listNotifications> {
    return this.listNotifications.execute({ ...request, context });
  }

  @HandleRequest(countUnreadNotifications)
  unread(
    _request: HandlerRequestOf<typeof countUnreadNotifications>,
    context: RequestContext,
  ): Reply<typeof countUnreadNotifications> {
    return this.countUnread.execute({ context });
  }

  @HandleRequest(markNotificationRead)
  read(
    request: HandlerRequestOf<typeof markNotificationRead>,
    context: RequestContext,
  ): Reply<typeof markNotificationRead> {
    return this.markRead.execute({ id: request.id, context });
  }

  @HandleRequest(markAllNotificationsRead)
  readAll(
    _request: HandlerRequestOf<typeof markAllNotificationsRead>,
    context: RequestContext,
  ): Reply<typeof markAllNotificationsRead> {
    return this.markAllRead.execute({ context });
  }

  @HandleRequest(notificationsSince)
  after(
    request: HandlerRequestOf<typeof notificationsSince>,
    context: RequestContext,
  ): Reply<typeof notificationsSince> {
    return this.since.execute({ ...request, context });
  }
}
