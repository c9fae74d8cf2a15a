import { z } from 'zod';
import { InvalidEnvironmentError, baseEnvSchema, loadEnv } from './env';

describe('loadEnv', () => {
  it('applies defaults and coerces numbers', () => {
    const env = loadEnv(baseEnvSchema, { HTTP_PORT: '3100' });
    expect(env).toMatchObject({
      HTTP_PORT: 3100,
      NATS_URL: 'nats://127.0.0.1:4223',
      LOG_LEVEL: 'info',
    });
  });

  it('names every bad variable and says what to do', () => {
    let error: unknown;
    try {
      loadEnv(baseEnvSchema, { HTTP_PORT: 'eighty', NATS_URL: 'http://x', MONGO_DB: 'bad name' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidEnvironmentError);
    const problems = (error as InvalidEnvironmentError).problems.map((p) => p.variable).sort();
    expect(problems).toEqual(['HTTP_PORT', 'MONGO_DB', 'NATS_URL']);
    expect((error as Error).message).toMatch(/NATS_URL: must be a nats:\/\/ URL/);
    expect((error as Error).message).toMatch(/\.env\.example/);
  });

  it('lets a service extend the base schema', () => {
    const schema = baseEnvSchema.extend({ GATEWAY_RATE_LIMIT: z.coerce.number().int().positive() });
    expect(() => loadEnv(schema, { HTTP_PORT: '1' })).toThrow(/GATEWAY_RATE_LIMIT/);
    expect(loadEnv(schema, { HTTP_PORT: '1', GATEWAY_RATE_LIMIT: '5' }).GATEWAY_RATE_LIMIT).toBe(5);
  });
});
