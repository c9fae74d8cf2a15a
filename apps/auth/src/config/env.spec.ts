import { InvalidEnvironmentError, loadEnv } from '@opencen/nest-kit';

import { LOCAL_AUTH_ADMIN_CLIENT_SECRET, authEnvSchema } from './env';

const signingKey = 'ab'.repeat(32);

describe('the auth service environment', () => {
  it('defaults to the local realm and the lifecycle of the WCO CEN', () => {
    const env = loadEnv(authEnvSchema, {});
    expect(env).toMatchObject({
      KEYCLOAK_URL: 'http://127.0.0.1:8180',
      KEYCLOAK_REALM: 'opencen',
      AUTH_ADMIN_CLIENT_ID: 'opencen-auth',
      AUTH_ADMIN_CLIENT_SECRET: LOCAL_AUTH_ADMIN_CLIENT_SECRET,
      ACCOUNT_INACTIVITY_DAYS: 90,
      ACCOUNT_REMINDER_DAYS_BEFORE: 10,
      LOGIN_FAILURE_THRESHOLD: 5,
      LOGIN_FAILURE_WINDOW_MS: 900_000,
    });
  });

  it('refuses the local client secret in production, naming the variable', () => {
    expect(() =>
      loadEnv(authEnvSchema, { NODE_ENV: 'production', AUDIT_SIGNING_KEY: signingKey }),
    ).toThrow(/AUTH_ADMIN_CLIENT_SECRET/);
    const env = loadEnv(authEnvSchema, {
      NODE_ENV: 'production',
      AUDIT_SIGNING_KEY: signingKey,
      AUTH_ADMIN_CLIENT_SECRET: 'a-real-secret',
    });
    expect(env.AUTH_ADMIN_CLIENT_SECRET).toBe('a-real-secret');
  });

  it('refuses a reminder that would come after the lock', () => {
    expect(() =>
      loadEnv(authEnvSchema, { ACCOUNT_INACTIVITY_DAYS: '30', ACCOUNT_REMINDER_DAYS_BEFORE: '30' }),
    ).toThrow(InvalidEnvironmentError);
  });
});
