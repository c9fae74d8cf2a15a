import { type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type MicroserviceOptions } from '@nestjs/microservices';
import { type ServiceName, queueGroup } from '@opencen/contracts';
import { Logger } from 'nestjs-pino';
import { type BaseEnv } from '../config/env';
import { KIT_LOGGER } from './tokens';
import { type Observability, startObservability } from '../metrics/observability';
import { GracefulNatsServer } from '../nats/graceful-nats-server';

/**
 * Starts a service: its NATS request handlers (queue group = service name, so replicas share the
 * load) and its HTTP health endpoints. `main.ts` and the integration tests both use it, so tests
 * run the service exactly as it runs in production.
 *
 * Order matters both ways. At start, every module is initialised (MongoDB and JetStream
 * connected, seeds run) before the first request is taken. At `close()` (and on SIGTERM/SIGINT),
 * the service first stops taking requests and finishes those in flight, then stops its consumers
 * and publishes what its outbox still holds, and only then closes its connections. A start that
 * fails closes whatever it had opened, so the process can exit.
 *
 * It also serves the service's Prometheus metrics on METRICS_PORT (when set) and exports its
 * traces when OTEL_EXPORTER_OTLP_ENDPOINT is set (see startObservability).
 */
export async function startService(
  module: Type | DynamicModule,
  options: { service: ServiceName; env: BaseEnv; handleSignals?: boolean },
): Promise<INestApplication> {
  const { service, env } = options;
  const app = await NestFactory.create(module, { bufferLogs: true, abortOnError: false });
  const logger = app.get(Logger);
  app.useLogger(logger);
  let observability: Observability | undefined;
  const requests = new GracefulNatsServer(
    { servers: env.NATS_URL, queue: queueGroup(service), name: `${service}-requests-in` },
    env.SHUTDOWN_GRACE_MS,
  );
  app.connectMicroservice<MicroserviceOptions>({ strategy: requests }, { inheritAppConfig: true });

  const closeApp = app.close.bind(app);
  let closing: Promise<void> | undefined;
  app.close = () =>
    (closing ??= (async () => {
      await requests.close();
      await closeApp();
      await observability?.close();
    })());

  try {
    observability = await startObservability(service, env, app.get(KIT_LOGGER));
    await app.init();
    await app.startAllMicroservices();
    await app.listen(env.HTTP_PORT, env.HTTP_HOST);
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }

  if (options.handleSignals !== false) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        logger.log(`${signal} received: finishing in-flight work, then stopping`);
        app.close().then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error(error, 'Shutdown failed');
            process.exit(1);
          },
        );
      });
    }
  }
  return app;
}
