import { loadEnv } from '@opencen/nest-kit';

import { casesEnvSchema } from './env';

describe('casesEnvSchema', () => {
  it('takes the defaults of the service', () => {
    expect(loadEnv(casesEnvSchema, {}).HTTP_PORT).toBe(3103);
  });

  it('refuses a port that is not a number', () => {
    expect(() => loadEnv(casesEnvSchema, { HTTP_PORT: 'web' })).toThrow(/HTTP_PORT/);
  });
});
