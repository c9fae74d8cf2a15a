import { runReadinessChecks } from './readiness';

describe('runReadinessChecks', () => {
  it('is ok when every check answers', async () => {
    await expect(
      runReadinessChecks({ nats: async () => {}, mongo: async () => {} }),
    ).resolves.toEqual({
      status: 'ok',
      checks: { nats: 'up', mongo: 'up' },
    });
  });

  it('names the check that failed or hung, and why', async () => {
    const readiness = await runReadinessChecks(
      {
        nats: async () => {},
        mongo: () => Promise.reject(new Error('connection refused')),
        keycloak: () => new Promise(() => {}),
      },
      50,
    );
    expect(readiness).toEqual({
      status: 'unavailable',
      checks: {
        nats: 'up',
        mongo: 'down: connection refused',
        keycloak: 'down: no answer within 50 ms',
      },
    });
  });
});
