import { Writable } from 'node:stream';
import { currentContext } from '@opencen/nest-kit';
import pino from 'pino';
import { loadGatewayEnv } from './config/env';
import { createGateway } from './gateway';
import { StubAuditPublisher } from './testing/gateway-harness';

// The same mixin as nest-kit's createLogger, writing to memory instead of stdout.
function memoryLogger(lines: string[]) {
  return pino(
    {
      level: 'info',
      mixin() {
        const context = currentContext();
        return context ? { correlationId: context.correlationId } : {};
      },
    },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
}

describe('gateway logs', () => {
  it('carry the correlation id of each request, and never its token or body', async () => {
    const lines: string[] = [];
    const app = await createGateway({
      env: loadGatewayEnv({}),
      logger: memoryLogger(lines),
      ports: {
        audit: new StubAuditPublisher(),
        tokenVerifier: {
          verifyToken: async () => ({
            principal: { sub: 'sub-1', username: 'admin', roles: ['admin'] },
          }),
        },
        nats: {
          client: {
            send: async () => {
              throw new Error('the service crashed');
            },
          } as never,
          health: { check: async () => undefined },
        },
        keycloak: { check: async () => undefined },
      },
    });
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    const headers = {
      authorization: 'Bearer SECRET-TOKEN-123',
      'content-type': 'application/json',
    };
    const body = JSON.stringify({ code: 'XK', labels: { en: 'PERSONAL-LABEL' } });
    try {
      await fetch(`${url}/api/v1/reference/countries`, {
        method: 'POST',
        headers: { ...headers, 'x-correlation-id': 'corr-a' },
        body,
      });
      await fetch(`${url}/api/v1/reference/countries`, {
        method: 'POST',
        headers: { ...headers, 'x-correlation-id': 'corr-b' },
        body: `${body.slice(0, 20)}PERSONAL`,
      });
      await fetch(`${url}/api/v1/reference/countries/FR`, {
        headers: { 'x-correlation-id': 'corr-c' },
      });
    } finally {
      await app.close();
    }
    const requestLines = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((line) => line.req);
    expect(requestLines.map((line) => line.correlationId)).toEqual(['corr-a', 'corr-b', 'corr-c']);
    const failure = lines.find((line) => line.includes('Request failed in the gateway'));
    expect(failure).toMatch(/"correlationId":"corr-a"/);
    const everything = lines.join('\n');
    expect(everything).not.toMatch(/SECRET-TOKEN/);
    expect(everything).not.toMatch(/PERSONAL/);
  });
});
