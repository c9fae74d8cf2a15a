import { randomBytes } from 'node:crypto';
import { Controller, type INestApplication } from '@nestjs/common';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { defineRequest, type Principal } from '@opencen/contracts';
import { testServiceEnv } from '@opencen/testing';
import { connect } from 'nats';
import { firstValueFrom } from 'rxjs';
import { z } from 'zod';
import {
  ContractClient,
  HandleRequest,
  type RequestContext,
  ServiceError,
  ServiceKitModule,
  baseEnvSchema,
  loadEnv,
  startService,
} from '../src';

// A subject family of this file's own: other test files may run services in the same queue group.
const aggregate = `kittest${randomBytes(3).toString('hex')}`;

const echo = defineRequest({
  service: 'reference',
  aggregate,
  verb: 'echo',
  description: 'Repeats a text; tells who asked',
  request: z.strictObject({ text: z.string().min(1), times: z.number().int().positive() }),
  reply: z.object({ text: z.string(), correlationId: z.string(), username: z.string().optional() }),
});
const slow = defineRequest({
  service: 'reference',
  aggregate,
  verb: 'slow',
  description: 'Replies after a delay',
  request: z.strictObject({ ms: z.number().int().min(0) }),
  reply: z.object({ done: z.literal(true) }),
});
const broken = defineRequest({
  service: 'reference',
  aggregate,
  verb: 'broken',
  description: 'Replies with something its contract forbids',
  request: z.strictObject({}),
  reply: z.object({ count: z.number() }),
});
const late = defineRequest({
  service: 'reference',
  aggregate,
  verb: 'late',
  description: 'Answered by a service that starts after the request was sent',
  request: z.strictObject({}),
  reply: z.object({ calls: z.number() }),
});
const unanswered = defineRequest({
  service: 'cases',
  aggregate,
  verb: 'ping',
  description: 'Nobody listens here',
  request: z.strictObject({}),
  reply: z.object({}),
});

let echoCalls = 0;

@Controller()
class KitTestController {
  @HandleRequest(echo)
  async echo(request: { text: string; times: number }, context: RequestContext) {
    echoCalls++;
    return {
      text: request.text.repeat(request.times),
      correlationId: context.correlationId,
      username: context.principal?.username,
    };
  }

  @HandleRequest(slow)
  async slow(request: { ms: number }) {
    await new Promise((resolve) => setTimeout(resolve, request.ms));
    return { done: true as const };
  }

  @HandleRequest(broken)
  async broken() {
    return { count: 'many' } as unknown as { count: number };
  }
}

let lateCalls = 0;

@Controller()
class LateController {
  @HandleRequest(late)
  async late() {
    lateCalls++;
    return { calls: lateCalls };
  }
}

function testModule(env: ReturnType<typeof loadEnv<typeof baseEnvSchema>>) {
  class KitTestModule {}
  return {
    module: KitTestModule,
    imports: [ServiceKitModule.forRoot({ service: 'reference', env })],
    controllers: [KitTestController],
  };
}

describe('typed NATS request-reply', () => {
  const env = loadEnv(baseEnvSchema, testServiceEnv(__filename));
  let app: INestApplication;
  let client: ContractClient;
  const raw = ClientProxyFactory.create({
    transport: Transport.NATS,
    options: { servers: env.NATS_URL },
  });

  beforeAll(async () => {
    app = await startService(testModule(env), { service: 'reference', env, handleSignals: false });
    client = app.get(ContractClient);
  });

  afterAll(async () => {
    await raw.close();
    await app?.close();
  });

  it('round-trips a typed request and carries the caller and correlation id', async () => {
    const principal: Principal = {
      sub: 'u-1',
      username: 'officer',
      roles: ['officer'],
      office: 'FRCDG',
    };
    const reply = await client.send(
      echo,
      { text: 'ab', times: 3 },
      { context: { correlationId: 'corr-42', principal } },
    );
    expect(reply).toEqual({ text: 'ababab', correlationId: 'corr-42', username: 'officer' });
  });

  it('refuses an invalid request at the receiver with field-level details', async () => {
    const callsBefore = echoCalls;
    const error = await firstValueFrom(raw.send(echo.subject, { text: '', times: -1 })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    const paths = (error as { details: { path: string }[] }).details.map((d) => d.path).sort();
    expect(paths).toEqual(['text', 'times']);
    expect(echoCalls).toBe(callsBefore);
  });

  it('refuses an invalid request at the sender before it leaves', async () => {
    const callsBefore = echoCalls;
    const error = await client.send(echo, { text: 'x', times: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ path: 'times' })],
    });
    expect(echoCalls).toBe(callsBefore);
  });

  it('reports a reply that breaks its contract as INTERNAL, not as data', async () => {
    await expect(client.send(broken, {})).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('fails with UNAVAILABLE, saying so, when no service listened within its timeout', async () => {
    const error = await client.send(unanswered, {}, { timeoutMs: 600 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceError);
    expect(error).toMatchObject({ code: 'UNAVAILABLE' });
    expect((error as Error).message).toMatch(
      /No cases service is listening on cases\.kittest\w+\.ping: start it/,
    );
  });

  it('fails at once when told not to wait for a listener', async () => {
    const error = await client
      .send(unanswered, {}, { timeoutMs: 60_000, waitForListener: false })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('reaches a service that starts listening after the request was sent, once', async () => {
    // The client's sends are counted: the service starts after NATS told the first that nobody
    // listened on the subject, and the client sent it again.
    const proxy = ClientProxyFactory.create({
      transport: Transport.NATS,
      options: { servers: env.NATS_URL },
    });
    let sends = 0;
    const send = proxy.send.bind(proxy);
    proxy.send = ((pattern: unknown, data: unknown) => {
      sends++;
      return send(pattern, data);
    }) as typeof proxy.send;
    const restarting = new ContractClient(proxy, 20_000);
    let lateApp: INestApplication | undefined;
    try {
      const reply = restarting.send(late, {});
      while (sends < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      class LateModule {}
      lateApp = await startService(
        {
          module: LateModule,
          imports: [ServiceKitModule.forRoot({ service: 'reference', env })],
          controllers: [LateController],
        },
        { service: 'reference', env, handleSignals: false },
      );
      await expect(reply).resolves.toEqual({ calls: 1 });
      expect(sends).toBeGreaterThanOrEqual(2);
      expect(lateCalls).toBe(1);
    } finally {
      await restarting.onApplicationShutdown();
      await lateApp?.close();
    }
  });

  it('fails with a clear timeout when the service listens but does not answer', async () => {
    const hung = await connect({ servers: env.NATS_URL });
    try {
      hung.subscribe(unanswered.subject, { queue: 'cases' }); // takes requests, never replies
      await hung.flush();
      const started = Date.now();
      const error = await client.send(unanswered, {}, { timeoutMs: 300 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'TIMEOUT' });
      expect((error as Error).message).toMatch(
        /No reply to cases\.kittest\w+\.ping within 300 ms: is the cases service running/,
      );
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await hung.close();
    }
  });

  it('reports ready when NATS and MongoDB answer', async () => {
    const response = await fetch(`${await app.getUrl()}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', checks: { nats: 'up', mongo: 'up' } });
  });
});

describe('graceful shutdown', () => {
  it('finishes a request in flight before the service stops', async () => {
    const env = loadEnv(baseEnvSchema, testServiceEnv(__filename));
    const app = await startService(testModule(env), {
      service: 'reference',
      env,
      handleSignals: false,
    });
    const client = new ContractClient(
      ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: env.NATS_URL } }),
      5000,
    );
    try {
      const inFlight = client.send(slow, { ms: 400 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      const closing = app.close();
      await expect(inFlight).resolves.toEqual({ done: true });
      await closing;
      // Once closed, nobody listens any more.
      await expect(client.send(slow, { ms: 0 }, { waitForListener: false })).rejects.toMatchObject({
        code: 'UNAVAILABLE',
      });
    } finally {
      await client.onApplicationShutdown();
    }
  });
});

describe('a start that fails', () => {
  it('rejects with the cause and closes what it had opened', async () => {
    const env = loadEnv(baseEnvSchema, testServiceEnv(__filename));
    class BrokenSeed {
      async onModuleInit() {
        throw new Error('seed file is broken');
      }
    }
    class BrokenModule {}
    const started = startService(
      {
        module: BrokenModule,
        imports: [ServiceKitModule.forRoot({ service: 'reference', env })],
        providers: [BrokenSeed],
      },
      { service: 'reference', env, handleSignals: false },
    );
    await expect(started).rejects.toThrow('seed file is broken');
  });
});
