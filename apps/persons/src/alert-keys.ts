// The alert-keys command: writes the alert_keys of alerts stored before them
// (alerts/infrastructure/alert-keys.backfill.ts). `npm run alert-keys -w @opencen/persons --
// [--after <id>] [--page-size <n>]`, with the service's MONGO_URL and MONGO_DB.
import { pageSizeOf, parseFlags, runStoreCommand } from '@opencen/nest-kit';

import { backfillAlertKeys } from './alerts/infrastructure/alert-keys.backfill';
import { personsEnvSchema } from './config/env';

export function parseAlertKeysArguments(argv: readonly string[]): {
  after?: string;
  pageSize?: number;
} {
  const flags = parseFlags(argv, ['--after', '--page-size']);
  const after = flags.get('--after');
  const pageSize = flags.get('--page-size');
  return {
    ...(after !== undefined ? { after } : {}),
    ...(pageSize !== undefined ? { pageSize: pageSizeOf(pageSize) } : {}),
  };
}

if (require.main === module) {
  runStoreCommand({
    service: 'persons',
    name: 'alert-keys',
    envSchema: personsEnvSchema,
    hint: 'fix it and resume with --after',
    parse: () => parseAlertKeysArguments(process.argv.slice(2)),
    work: async (connection, env, options) => {
      process.stdout.write(`writing the alert keys of database ${env.MONGO_DB ?? 'persons'}\n`);
      const { read } = await backfillAlertKeys(connection, {
        ...options,
        onPage: (progress) =>
          process.stdout.write(
            `${progress.read} alerts keyed, ${progress.perSecond}/s; resume with --after ${progress.lastId}\n`,
          ),
      });
      process.stdout.write(`done: ${read} alerts keyed\n`);
    },
  });
}
