import { type Logger } from 'pino';
import { type BaseEnv } from '../config/env';
import { flushTraces, initTracing } from '../tracing/tracing';
import { MetricsServer } from './metrics-server';
import { enableProcessMetrics } from './metrics';

/** What an app's observability needs from its environment (every app's env schema has it). */
export type ObservabilityEnv = Pick<
  BaseEnv,
  'METRICS_PORT' | 'METRICS_HOST' | 'OTEL_EXPORTER_OTLP_ENDPOINT'
>;

/** The running metrics listener and tracer of an app. */
export interface Observability {
  /** Where Prometheus scrapes this app, when METRICS_PORT is set. */
  readonly metricsUrl?: string;
  /** Stops the metrics listener and exports the spans still batched. */
  close(): Promise<void>;
}

/**
 * Turns on an app's metrics (process metrics named after `service`; `/metrics` on METRICS_PORT
 * when it is set) and its tracing (when OTEL_EXPORTER_OTLP_ENDPOINT is set). Every service's boot
 * (startService) and the gateway's call it once.
 */
export async function startObservability(
  service: string,
  env: ObservabilityEnv,
  logger: Logger,
): Promise<Observability> {
  enableProcessMetrics(service);
  initTracing(service, env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const server =
    env.METRICS_PORT === undefined
      ? undefined
      : await MetricsServer.listen(env.METRICS_PORT, env.METRICS_HOST);
  if (server) logger.info({ metricsUrl: server.url }, 'Metrics served');
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) {
    logger.info({ endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT }, 'Traces exported by OTLP');
  }
  return {
    metricsUrl: server?.url,
    async close() {
      await server?.close();
      await flushTraces().catch((error: unknown) =>
        logger.warn({ err: error }, 'Could not export the last spans'),
      );
    },
  };
}
