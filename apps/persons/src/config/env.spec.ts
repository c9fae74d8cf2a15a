import { loadEnv } from '@opencen/nest-kit';

import { personsEnvSchema } from './env';

describe('personsEnvSchema', () => {
  it('takes the defaults of the service', () => {
    const env = loadEnv(personsEnvSchema, {});
    expect(env.HTTP_PORT).toBe(3102);
    expect(env.PERSONS_MAX_CANDIDATES_SCORED).toBe(500);
  });

  it('refuses a bound on candidates that is not a number', () => {
    expect(() => loadEnv(personsEnvSchema, { PERSONS_MAX_CANDIDATES_SCORED: 'many' })).toThrow(
      /PERSONS_MAX_CANDIDATES_SCORED/,
    );
  });
});
