import { defineRequest } from '@opencen/contracts';
import { z } from 'zod';
import { ServiceError } from '../errors/service-error';
import { HandleRequest } from '../nats/handle-request';
import { MetricsServer } from './metrics-server';
import {
  consumerPending,
  enableProcessMetrics,
  metricsRegistry,
  natsRequestsTotal,
  outboxBacklog,
} from './metrics';

const getThing = defineRequest({
  service: 'cases',
  aggregate: 'metricsthing',
  verb: 'get',
  description: 'Gets a thing (metrics spec).',
  request: z.strictObject({ id: z.string() }),
  reply: z.object({ id: z.string() }),
});

class ThingsController {
  @HandleRequest(getThing)
  async get(request: { id: string }): Promise<{ id: string }> {
    if (request.id === 'missing') throw ServiceError.notFound('No such thing');
    return { id: request.id };
  }
}

/** The value of one series of a metric, or undefined when it has none. */
async function valueOf(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = await metricsRegistry.getSingleMetric(name)?.get();
  const series = metric?.values.find((value) =>
    Object.entries(labels).every(([key, wanted]) => String(value.labels[key]) === wanted),
  );
  return series?.value;
}

describe('metrics', () => {
  const handle = (id: string) =>
    (new ThingsController().get as unknown as (payload: unknown) => Promise<unknown>)({ id });

  it('count and time every NATS request by subject and outcome', async () => {
    const subject = { subject: 'cases.metricsthing.get' };
    const before =
      (await valueOf('opencen_nats_requests_total', { ...subject, outcome: 'ok' })) ?? 0;
    await handle('a');
    await handle('b');
    await expect(handle('missing')).rejects.toBeDefined();
    await expect(handle(42 as unknown as string)).rejects.toBeDefined();

    expect(await valueOf('opencen_nats_requests_total', { ...subject, outcome: 'ok' })).toBe(
      before + 2,
    );
    expect(await valueOf('opencen_nats_requests_total', { ...subject, outcome: 'NOT_FOUND' })).toBe(
      1,
    );
    expect(
      await valueOf('opencen_nats_requests_total', { ...subject, outcome: 'VALIDATION_FAILED' }),
    ).toBe(1);
    const timed = await valueOf('opencen_nats_request_duration_seconds', {
      ...subject,
      outcome: 'ok',
      le: '+Inf',
    });
    expect(timed).toBe(before + 2);
    natsRequestsTotal.reset();
  });

  it('read gauges from their sources when scraped, and forget a source removed', async () => {
    let pending = 3;
    const remove = consumerPending.add(() => [
      { labels: { stream: 'OPENCEN_EVENTS', durable: 'cases-spec' }, value: pending },
    ]);
    const failing = outboxBacklog.add(() => Promise.reject(new Error('NATS is down')));
    const labels = { stream: 'OPENCEN_EVENTS', durable: 'cases-spec' };
    expect(await valueOf('opencen_consumer_pending', labels)).toBe(3);
    pending = 7;
    expect(await valueOf('opencen_consumer_pending', labels)).toBe(7);
    remove();
    failing();
    expect(await valueOf('opencen_consumer_pending', labels)).toBeUndefined();
  });

  it('are served as Prometheus text on their own port, with the process metrics', async () => {
    enableProcessMetrics('cases');
    await handle('c');
    const server = await MetricsServer.listen(0, '127.0.0.1');
    try {
      const response = await fetch(server.url);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      const text = await response.text();
      expect(text).toMatch(
        /^opencen_nats_requests_total\{subject="cases\.metricsthing\.get",outcome="ok",service="cases"\} 1$/m,
      );
      expect(text).toMatch(/^process_resident_memory_bytes\{service="cases"\} \d+/m);
      expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds\{service="cases"\} /m);
      expect((await fetch(server.url.replace('/metrics', '/other'))).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
