import {
  DEFAULT_NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  type NotificationChannel,
  type NotificationKind,
  type NotificationPreferences,
} from '@opencen/contracts';

/** What a user chose, kind by kind; a kind left out has the default (in-app). */
export type ChosenChannels = Partial<Record<NotificationKind, readonly NotificationChannel[]>>;

/** Every kind's channels: the user's choice, else the default. */
export function effectivePreferences(chosen: ChosenChannels): NotificationPreferences {
  return Object.fromEntries(
    NOTIFICATION_KINDS.map((kind) => [kind, [...(chosen[kind] ?? DEFAULT_NOTIFICATION_CHANNELS)]]),
  ) as NotificationPreferences;
}

/** The choice after a change: the kinds given are replaced, the others stay. */
export function changedPreferences(chosen: ChosenChannels, change: ChosenChannels): ChosenChannels {
  const next: ChosenChannels = { ...chosen };
  for (const kind of NOTIFICATION_KINDS) {
    const channels = change[kind];
    if (channels !== undefined) next[kind] = [...channels];
  }
  return next;
}
