import { type NotificationLink } from '@opencen/contracts';

/** The screen a notification's target opens, when the app has one. */
export function targetPath(link: NotificationLink): string | undefined {
  switch (link.type) {
    case 'case':
      return `/cases/${encodeURIComponent(link.id)}`;
    case 'conversation':
      return `/conversations/${encodeURIComponent(link.id)}`;
    case 'alert':
      return `/alerts/${encodeURIComponent(link.id)}`;
    case 'person':
      return `/persons/${encodeURIComponent(link.id)}`;
    case 'company':
      return `/companies/${encodeURIComponent(link.id)}`;
    case 'conveyance':
      return `/conveyances/${encodeURIComponent(link.id)}`;
    default:
      // An account notification has no screen in the app.
      return undefined;
  }
}
