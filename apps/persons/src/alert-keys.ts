// The alert-keys command: writes the alert_keys of alerts stored before them
// (alerts/infrastructure/alert-keys.backfill.ts). `npm run alert-keys -w @opencen/persons --
// [--after <id>] [--page-size <n>]`, with the service's MONGO_URL and MONGO_DB.
import { InvalidEnvironmentError, loadEnv } from '@opencen/nest-kit';
import { createConnection } from 'mongoose';

import { backfillAlertKeys } from './alerts/infrastructure/alert-keys.backfill';
import { personsEnvSchema } from './config/env';

export function parseAlertKeysArguments(argv: readonly string[]): {
  after?: string;
  pageSize?: number;
} {
  const parsed: { after?: string; pageSize?: number } = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--after') parsed.after = value;
    else if (flag === '--page-size') {
      const size = Number(value);
      if (!Number.isInteger(size) || size < 1 || size > 10_000) {
        throw new Error('--page-size must be an integer from 1 to 10000');
      }
      parsed.pageSize = size;
    } else throw new Error(`Unknown argument ${flag} (--after, --page-size)`);
  }
  return parsed;
}

async function main(): Promise<void> {
  const options = parseAlertKeysArguments(process.argv.slice(2));
  const env = loadEnv(personsEnvSchema);
  const database = env.MONGO_DB ?? 'persons';
  const connection = await createConnection(env.MONGO_URL, { dbName: database }).asPromise();
  try {
    process.stdout.write(`writing the alert keys of database ${database}\n`);
    const { read } = await backfillAlertKeys(connection, {
      ...options,
      onPage: ({ read, lastId, perSecond }) =>
        process.stdout.write(
          `${read} alerts keyed, ${perSecond}/s; resume with --after ${lastId}\n`,
        ),
    });
    process.stdout.write(`done: ${read} alerts keyed\n`);
  } finally {
    await connection.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const message =
      error instanceof InvalidEnvironmentError || error instanceof Error
        ? error.message
        : String(error);
    process.stderr.write(`alert-keys failed: ${message}; fix it and resume with --after\n`);
    process.exit(1);
  });
}
