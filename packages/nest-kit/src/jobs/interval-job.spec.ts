import { createLogger } from '../logging/logger';
import { currentContext } from '../context/request-context';
import { IntervalJob } from './interval-job';

class CountingJob extends IntervalJob {
  passes = 0;
  failNext = false;
  release: (() => void) | undefined;
  correlationIds: string[] = [];

  constructor(everyMs: number) {
    super(createLogger('cases', 'silent'), { name: 'counting', everyMs });
  }

  protected async pass(): Promise<void> {
    this.passes += 1;
    this.correlationIds.push(currentContext()?.correlationId ?? 'none');
    if (this.failNext) {
      this.failNext = false;
      throw new Error('store down');
    }
    await new Promise<void>((resolve) => (this.release = resolve));
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('IntervalJob', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('runs a pass per interval, never two at once, and waits for the running one at shutdown', async () => {
    const job = new CountingJob(1000);
    job.onApplicationBootstrap();
    jest.advanceTimersByTime(1000);
    await tick();
    expect(job.passes).toBe(1);
    jest.advanceTimersByTime(3000); // the first pass is still running
    await tick();
    expect(job.passes).toBe(1);

    let stopped = false;
    const stopping = job.beforeApplicationShutdown().then(() => (stopped = true));
    await tick();
    expect(stopped).toBe(false);
    job.release?.();
    await stopping;
    jest.advanceTimersByTime(5000);
    await tick();
    expect(job.passes).toBe(1);
  });

  it('goes on after a failed pass, each pass with a correlation id of its own', async () => {
    const job = new CountingJob(1000);
    job.failNext = true;
    await job.runPass();
    const second = job.runPass();
    await tick();
    job.release?.();
    await second;
    expect(job.passes).toBe(2);
    expect(new Set(job.correlationIds).size).toBe(2);
    expect(job.correlationIds).not.toContain('none');
  });

  it('does nothing on a timer when its interval is 0', async () => {
    const job = new CountingJob(0);
    job.onApplicationBootstrap();
    jest.advanceTimersByTime(60_000);
    await tick();
    expect(job.passes).toBe(0);
  });
});
