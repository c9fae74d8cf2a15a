import { InvalidEnvironmentError, loadEnv, startService } from '@opencen/nest-kit';

import { AppModule } from './app.module';
import { authEnvSchema } from './config/env';

async function main(): Promise<void> {
  const env = loadEnv(authEnvSchema);
  await startService(AppModule.register(env), { service: 'auth', env });
}

main().catch((error: unknown) => {
  // The logger may not exist yet (bad environment) or may have lost the message: say it plainly.
  const message =
    error instanceof InvalidEnvironmentError
      ? error.message
      : String((error as Error)?.stack ?? error);
  process.stderr.write(`auth failed to start: ${message}\n`);
  process.exit(1);
});
