import {
  NOTIFICATION_KINDS,
  listNotifications,
  liveNotificationsSubject,
  notificationPositionSchema,
  notificationPreferencesSchema,
  setNotificationPreferences,
} from './notification.contracts';
import { listUserRecipients } from '../auth/user.contracts';

describe('notification contracts', () => {
  it('names one live subject per recipient, and refuses a recipient that would break it', () => {
    expect(liveNotificationsSubject('6f1d2c3b-4a59-4e8d-9c7b-6a5f4e3d2c1b')).toBe(
      'notifications.live.6f1d2c3b-4a59-4e8d-9c7b-6a5f4e3d2c1b',
    );
    for (const bad of ['a.b', '*', '>', 'a b', '']) {
      expect(() => liveNotificationsSubject(bad)).toThrow();
    }
  });

  it('takes positions of 13 digits of milliseconds and an id, which sort in time order', () => {
    expect(notificationPositionSchema.safeParse('1765123456789-abc').success).toBe(true);
    expect(notificationPositionSchema.safeParse('2026-12-07').success).toBe(false);
    expect('0999999999999-z' < '1000000000000-a').toBe(true);
  });

  it('refuses unknown fields and pages beyond the limit', () => {
    expect(listNotifications.request.safeParse({ recipient: 'someone' }).success).toBe(false);
    expect(listNotifications.request.safeParse({ limit: 101 }).success).toBe(false);
    expect(listNotifications.request.parse({})).toEqual({ unreadOnly: false, limit: 20 });
  });

  it('has preferences for every kind; a change names kinds and channels it knows, each once', () => {
    expect(Object.keys(notificationPreferencesSchema.shape)).toEqual([...NOTIFICATION_KINDS]);
    expect(setNotificationPreferences.request.safeParse({ 'task-due': [] }).success).toBe(true);
    expect(
      setNotificationPreferences.request.safeParse({ 'task-due': ['in-app', 'digest'] }).success,
    ).toBe(true);
    expect(setNotificationPreferences.request.safeParse({ coffee: ['in-app'] }).success).toBe(
      false,
    );
    expect(
      setNotificationPreferences.request.safeParse({ 'task-due': ['email', 'email'] }).success,
    ).toBe(false);
  });

  it('asks recipients by users, or by an office with a role, never both or neither', () => {
    const ok = (request: unknown) => listUserRecipients.request.safeParse(request).success;
    expect(ok({ users: ['u1'] })).toBe(true);
    expect(ok({ office: 'FRA-CDG', role: 'supervisor' })).toBe(true);
    expect(ok({ office: 'FRA-CDG' })).toBe(false);
    expect(ok({ users: ['u1'], office: 'FRA-CDG', role: 'supervisor' })).toBe(false);
    expect(ok({})).toBe(false);
  });
});
