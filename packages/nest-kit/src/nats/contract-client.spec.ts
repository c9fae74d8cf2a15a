import { type ClientProxy } from '@nestjs/microservices';
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception';
import { defineRequest } from '@opencen/contracts';
import { NEVER, type Observable, of, throwError } from 'rxjs';
import { z } from 'zod';
import { ContractClient } from './contract-client';

const ping = defineRequest({
  service: 'cases',
  aggregate: 'probe',
  verb: 'ping',
  description: 'A request for these tests',
  request: z.strictObject({}),
  reply: z.object({ pong: z.literal(true) }),
});

type Answer = 'nobody' | 'silence' | 'pong' | 'refused';

/**
 * A ClientProxy that answers each send as scripted (the last answer repeats) and notes when, on
 * the fake clock, each send was made.
 */
function scriptedProxy(answers: Answer[]): { proxy: ClientProxy; sentAt: number[] } {
  const sentAt: number[] = [];
  const start = Date.now();
  const send = (): Observable<unknown> => {
    const answer = answers[Math.min(sentAt.length, answers.length - 1)];
    sentAt.push(Date.now() - start);
    if (answer === 'nobody') return throwError(() => new EmptyResponseException(ping.subject));
    if (answer === 'silence') return NEVER;
    if (answer === 'refused') {
      return throwError(() => ({ code: 'NOT_FOUND', message: 'no such case', details: [] }));
    }
    return of({ pong: true });
  };
  return { proxy: { send } as unknown as ClientProxy, sentAt };
}

/** Sends `ping` and runs the fake clock until it settles; resolves with its reply or error. */
async function settle(
  client: ContractClient,
  options: Parameters<ContractClient['send']>[2] = {},
): Promise<unknown> {
  const sending = client.send(ping, {}, { context: { correlationId: 'c-1' }, ...options }).then(
    (reply) => reply,
    (error: unknown) => error,
  );
  await jest.runAllTimersAsync();
  return sending;
}

describe('ContractClient when nobody listens', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends again after 100 ms, then 200 ms, and answers once a service listens', async () => {
    const { proxy, sentAt } = scriptedProxy(['nobody', 'nobody', 'pong']);
    expect(await settle(new ContractClient(proxy, 5000))).toEqual({ pong: true });
    expect(sentAt).toEqual([0, 100, 300]);
  });

  it('doubles its wait up to 1 s, and fails with UNAVAILABLE once the timeout is spent', async () => {
    const { proxy, sentAt } = scriptedProxy(['nobody']);
    const error = await settle(new ContractClient(proxy, 3000));
    expect(error).toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/No cases service is listening on cases\.probe\.ping/),
      correlationId: 'c-1',
    });
    // The last send keeps 50 ms of the budget for its answer.
    expect(sentAt).toEqual([0, 100, 300, 700, 1500, 2500, 2950]);
  });

  it('spends the request’s own timeout, not the client’s default', async () => {
    const { proxy, sentAt } = scriptedProxy(['nobody']);
    const error = await settle(new ContractClient(proxy, 60_000), { timeoutMs: 400 });
    expect(error).toMatchObject({ code: 'UNAVAILABLE' });
    expect(sentAt).toEqual([0, 100, 300, 350]);
  });

  it('fails at once with UNAVAILABLE when told not to wait for a listener', async () => {
    const { proxy, sentAt } = scriptedProxy(['nobody', 'pong']);
    const error = await settle(new ContractClient(proxy, 5000), { waitForListener: false });
    expect(error).toMatchObject({ code: 'UNAVAILABLE' });
    expect(sentAt).toEqual([0]);
  });

  it('never sends again a request that timed out: it may have been delivered', async () => {
    const { proxy, sentAt } = scriptedProxy(['nobody', 'silence', 'pong']);
    const error = await settle(new ContractClient(proxy, 2000));
    expect(error).toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringMatching(/No reply to cases\.probe\.ping within 2000 ms/),
    });
    expect(sentAt).toEqual([0, 100]);
  });

  it('never sends again a request that its service refused', async () => {
    const { proxy, sentAt } = scriptedProxy(['refused', 'pong']);
    const error = await settle(new ContractClient(proxy, 2000));
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'no such case' });
    expect(sentAt).toEqual([0]);
  });
});
