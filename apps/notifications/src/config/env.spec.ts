import { InvalidEnvironmentError, loadEnv } from '@opencen/nest-kit';

import { notificationsEnvSchema } from './env';

describe('notifications environment', () => {
  it('has a default for everything, port 3105 and its own database', () => {
    const env = loadEnv(notificationsEnvSchema, {});
    expect(env.HTTP_PORT).toBe(3105);
    expect(env.NOTIFICATIONS_CONSUMERS_FROM).toBe('start');
    expect(env.TASK_DEADLINES_INTERVAL_MS).toBe(300_000);
    expect(env.SMTP_URL).toBe('smtp://127.0.0.1:1026');
    expect(env.SMTP_FROM).toBe('OpenCEN <no-reply@opencen.local>');
    expect(env.EMAIL_NOMINAL_DATA).toBe('forbidden');
  });

  it('takes an smtp:// or smtps:// relay with its credentials, and nothing else', () => {
    const relay = 'smtps://user:secret@relay.douane.example';
    expect(loadEnv(notificationsEnvSchema, { SMTP_URL: relay }).SMTP_URL).toBe(relay);
    expect(() => loadEnv(notificationsEnvSchema, { SMTP_URL: 'http://relay' })).toThrow(/SMTP_URL/);
    expect(() => loadEnv(notificationsEnvSchema, { EMAIL_NOMINAL_DATA: 'yes' })).toThrow(
      /EMAIL_NOMINAL_DATA/,
    );
  });

  it('refuses a bad value, naming the variable', () => {
    expect(() => loadEnv(notificationsEnvSchema, { TASK_OVERDUE_LOOKBACK_DAYS: '0' })).toThrow(
      InvalidEnvironmentError,
    );
    expect(() =>
      loadEnv(notificationsEnvSchema, { NOTIFICATIONS_CONSUMERS_FROM: 'later' }),
    ).toThrow(/NOTIFICATIONS_CONSUMERS_FROM/);
  });
});
