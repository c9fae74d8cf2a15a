import { type DynamicModule, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type MicroserviceOptions } from '@nestjs/microservices';
import { type ServiceName } from '@opencen/contracts';
import { Logger } from 'nestjs-pino';
import { type BaseEnv } from '../config/env';
import { GracefulNatsServer } from '../nats/graceful-nats-server';

/**
 * Starts a service: its NATS request handlers (queue group = service name, so replicas share the
 * load) and its HTTP health endpoints. `main.ts` and the integration tests both use it, so tests
 * run the service exactly as it runs in production. SIGTERM/SIGINT close it gracefully.
 */
export async function startService(
  module: Type | DynamicModule,
  options: { service: ServiceName; env: BaseEnv; handleSignals?: boolean },
): Promise<INestApplication> {
  const { service, env } = options;
  const app = await NestFactory.create(module, { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.connectMicroservice<MicroserviceOptions>(
    {
      strategy: new GracefulNatsServer(
        { servers: env.NATS_URL, queue: service, name: `${service}-requests-in` },
        env.SHUTDOWN_GRACE_MS,
      ),
    },
    { inheritAppConfig: true },
  );
  if (options.handleSignals !== false) app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  await app.startAllMicroservices();
  await app.listen(env.HTTP_PORT, env.HTTP_HOST);
  return app;
}
