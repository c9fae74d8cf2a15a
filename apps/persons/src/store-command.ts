// What the persons service's operator commands (rekey, alert-keys) share: the service's own
// environment and database, flag parsing, and a failure message that says how to go on.
import { InvalidEnvironmentError, loadEnv } from '@opencen/nest-kit';
import { type Connection, createConnection } from 'mongoose';

import { personsEnvSchema } from './config/env';

/** `--flag value` pairs into a map, refusing a flag not in `known` or without a value. */
export function parseFlags(argv: readonly string[], known: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i]!, argv[i + 1]];
    if (!known.includes(flag)) throw new Error(`Unknown argument ${flag} (${known.join(', ')})`);
    if (value === undefined) throw new Error(`${flag} needs a value`);
    flags.set(flag, value);
  }
  return flags;
}

/** The value of `--page-size`: an integer from 1 to 10,000. */
export function pageSizeOf(value: string): number {
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > 10_000) {
    throw new Error('--page-size must be an integer from 1 to 10000');
  }
  return size;
}

/**
 * Reads the command's arguments with `parse`, then runs `work` against the database of the
 * service's MONGO_URL and MONGO_DB and closes it; on any failure prints `<name> failed: <reason>`
 * and `hint`, and exits with 1.
 */
export function runStoreCommand<O>(
  name: string,
  hint: string,
  parse: () => O,
  work: (connection: Connection, database: string, options: O) => Promise<void>,
): void {
  const run = async () => {
    const options = parse();
    const env = loadEnv(personsEnvSchema);
    const database = env.MONGO_DB ?? 'persons';
    const connection = await createConnection(env.MONGO_URL, { dbName: database }).asPromise();
    try {
      await work(connection, database, options);
    } finally {
      await connection.close();
    }
  };
  run().catch((error: unknown) => {
    const message =
      error instanceof InvalidEnvironmentError || error instanceof Error
        ? error.message
        : String(error);
    process.stderr.write(`${name} failed: ${message}${hint ? `; ${hint}` : ''}\n`);
    process.exit(1);
  });
}
