import { InvalidEnvironmentError, loadEnv, startService } from '@opencen/nest-kit';

import { AppModule } from './app.module';
import { notificationsEnvSchema } from './config/env';

async function main(): Promise<void> {
  const env = loadEnv(notificationsEnvSchema);
  await startService(AppModule.register(env), { service: 'notifications', env });
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad environment) or may have lost the message: say it plainly.
  const message =
    error instanceof InvalidEnvironmentError
      ? error.message
      : String((error as Error)?.stack ?? error);
  process.stderr.write(`notifications failed to start: ${message}\n`);
  process.exit(1);
});
