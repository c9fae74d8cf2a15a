import { InvalidEnvironmentError, loadEnv } from '@opencen/nest-kit';

import { referenceEnvSchema } from './env';

describe('reference-data environment', () => {
  it('has defaults for everything of its own, and port 3101', () => {
    expect(loadEnv(referenceEnvSchema, {})).toMatchObject({
      HTTP_PORT: 3101,
      REFERENCE_SEED_ON_START: true,
      REFERENCE_TIME_ZONE: 'UTC',
      REFERENCE_DATA_DIR: expect.stringMatching(/reference-data[\\/]data$/),
    });
  });

  it('reads the seed switch as a boolean', () => {
    expect(
      loadEnv(referenceEnvSchema, { REFERENCE_SEED_ON_START: 'false' }).REFERENCE_SEED_ON_START,
    ).toBe(false);
  });

  it('refuses an unknown time zone at boot, naming the variable', () => {
    expect(() => loadEnv(referenceEnvSchema, { REFERENCE_TIME_ZONE: 'Mars/Olympus' })).toThrow(
      InvalidEnvironmentError,
    );
    expect(() => loadEnv(referenceEnvSchema, { REFERENCE_TIME_ZONE: 'Mars/Olympus' })).toThrow(
      /REFERENCE_TIME_ZONE/,
    );
  });

  it('lists every variable in .env.example', async () => {
    const { readFile } = await import('node:fs/promises');
    const example = await readFile(`${__dirname}/../../.env.example`, 'utf8');
    for (const variable of Object.keys(referenceEnvSchema.shape))
      expect(example).toContain(variable);
  });
});
