import { InvalidEnvironmentError, loadEnv } from '@opencen/nest-kit';

import { notificationsEnvSchema } from './env';

describe('notifications environment', () => {
  it('has a default for everything, port 3105 and its own database', () => {
    const env = loadEnv(notificationsEnvSchema, {});
    expect(env.HTTP_PORT).toBe(3105);
    expect(env.NOTIFICATIONS_CONSUMERS_FROM).toBe('start');
    expect(env.TASK_DEADLINES_INTERVAL_MS).toBe(300_000);
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
