import 'reflect-metadata';
import { InvalidEnvironmentError, createLogger, startObservability } from '@opencen/nest-kit';
import { loadGatewayEnv } from './config/env';
import { createGateway } from './gateway';

async function main(): Promise<void> {
  const env = loadGatewayEnv();
  const logger = createLogger('gateway', env.LOG_LEVEL);
  // Metrics on a port of their own (METRICS_PORT), never on the public API's; traces by OTLP.
  const observability = await startObservability('gateway', env, logger);
  const app = await createGateway({ env, logger });
  // On SIGTERM/SIGINT the HTTP server stops accepting connections, lets the requests in flight
  // finish (their NATS replies included), then the NATS connection closes.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.listen(env.HTTP_PORT, env.HTTP_HOST);
  logger.info({ url: await app.getUrl() }, 'Gateway listening');
  const stopAfterGrace = () => {
    // The spans still batched leave while the requests in flight finish.
    void observability.close();
    // A request that never ends must not keep the process alive past the grace period.
    setTimeout(() => {
      logger.warn({ graceMs: env.SHUTDOWN_GRACE_MS }, 'Requests still in flight; exiting anyway');
      process.exit(1);
    }, env.SHUTDOWN_GRACE_MS).unref();
  };
  process.once('SIGTERM', stopAfterGrace);
  process.once('SIGINT', stopAfterGrace);
}

main().catch((error: unknown) => {
  // Before the logger exists (a bad environment) stderr is all there is.
  process.stderr.write(
    `${error instanceof InvalidEnvironmentError ? error.message : String((error as Error)?.stack ?? error)}\n`,
  );
  process.exit(1);
});
