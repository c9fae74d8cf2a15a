import {
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type Gauge as GaugeType,
} from 'prom-client';

/**
 * The process's Prometheus metrics. One registry per process (services and the gateway run one
 * app each; the in-process test harness may run several, which then share it), created on first
 * use. Labels are bounded: NATS subjects and route templates from the contracts, error codes from
 * the envelope, durable names from the consumer declarations; never ids, paths or user input.
 */
export const metricsRegistry = new Registry();

let defaultsCollected = false;

/**
 * Turns on prom-client's process metrics (memory, CPU, event-loop delay, GC, handles) and names
 * the service on every series. Idempotent. The rest is read when scraped; the event-loop delay
 * histogram is the one sampler that runs between scrapes (a libuv timer, no JavaScript), every
 * 100 ms rather than prom-client's 10 ms, so that an idle service stays nearly idle.
 */
export function enableProcessMetrics(service: string): void {
  if (defaultsCollected) return;
  defaultsCollected = true;
  metricsRegistry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: metricsRegistry, eventLoopMonitoringPrecision: 100 });
}

/** Latency buckets (seconds) for requests: 5 ms to 10 s. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Requests a service handled over NATS, per subject and outcome (`ok` or the error code). */
export const natsRequestsTotal = new Counter({
  name: 'opencen_nats_requests_total',
  help: 'NATS requests handled, by subject and outcome (ok, or the error code of the reply)',
  labelNames: ['subject', 'outcome'] as const,
  registers: [metricsRegistry],
});

/** How long a service took to answer a NATS request, per subject. */
export const natsRequestDuration = new Histogram({
  name: 'opencen_nats_request_duration_seconds',
  help: 'Time to answer a NATS request, by subject and outcome',
  labelNames: ['subject', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

/** HTTP requests the gateway answered, per route template, method and status. */
export const httpRequestsTotal = new Counter({
  name: 'opencen_http_requests_total',
  help: 'HTTP requests answered, by method, route template and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metricsRegistry],
});

/** How long the gateway took to answer, per route template. */
export const httpRequestDuration = new Histogram({
  name: 'opencen_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by method, route template and status class',
  labelNames: ['method', 'route', 'status_class'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [metricsRegistry],
});

/** Events the outbox relay has published to JetStream. */
export const outboxPublishedTotal = new Counter({
  name: 'opencen_outbox_published_total',
  help: 'Events the outbox relay published to JetStream',
  registers: [metricsRegistry],
});

/** Events handled by a durable consumer, per durable and outcome (ok, retried, terminated). */
export const consumerEventsTotal = new Counter({
  name: 'opencen_consumer_events_total',
  help: 'Events handled by a durable consumer, by durable and outcome (ok, duplicate, retried, terminated)',
  labelNames: ['durable', 'outcome'] as const,
  registers: [metricsRegistry],
});

/**
 * A value read when Prometheus scrapes, from every source registered by the running components
 * (relays, consumers, projections): nothing is polled between scrapes.
 */
export interface ScrapedGauge<L extends string> {
  /** Adds a source; returns how to remove it (at shutdown). */
  add(source: () => Promise<ScrapedValue<L>[]> | ScrapedValue<L>[]): () => void;
}

export interface ScrapedValue<L extends string> {
  labels: Partial<Record<L, string>>;
  value: number;
}

function scrapedGauge<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[],
): ScrapedGauge<L> {
  const sources = new Set<() => Promise<ScrapedValue<L>[]> | ScrapedValue<L>[]>();
  new Gauge<L>({
    name,
    help,
    labelNames,
    registers: [metricsRegistry],
    async collect(this: GaugeType<L>) {
      this.reset();
      const all = await Promise.all(
        // A source that cannot answer (NATS down) leaves its series out of this scrape.
        [...sources].map((source) => Promise.resolve(source()).catch(() => [])),
      );
      for (const { labels, value } of all.flat()) this.set(labels, value);
    },
  });
  return {
    add(source) {
      sources.add(source);
      return () => sources.delete(source);
    },
  };
}

/** Documents (or inserts) whose events this replica's relay has not published yet. */
export const outboxBacklog = scrapedGauge(
  'opencen_outbox_backlog',
  'Writes whose events the outbox relay has not published yet (this replica)',
  ['collection'] as const,
);

/** Events of a durable consumer not delivered yet (JetStream consumer info, num_pending). */
export const consumerPending = scrapedGauge(
  'opencen_consumer_pending',
  'Events waiting for a durable consumer (JetStream num_pending), by stream and durable',
  ['stream', 'durable'] as const,
);

/** Events delivered to a durable consumer and not acknowledged yet (num_ack_pending). */
export const consumerAckPending = scrapedGauge(
  'opencen_consumer_ack_pending',
  'Events delivered to a durable consumer and not acknowledged yet, by stream and durable',
  ['stream', 'durable'] as const,
);

/** From an event's time to its document being indexed, for the last event a projection handled. */
export const projectionLagSeconds = scrapedGauge(
  'opencen_projection_lag_seconds',
  'Seconds from the last event a search projection handled to its document being written',
  ['durable'] as const,
);
