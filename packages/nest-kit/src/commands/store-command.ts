// What a service's operator commands (reindex, rekey, …) share: the service's own environment and
// database, flag parsing, and a failure message that says how to go on.
import { type ServiceName } from '@opencen/contracts';
import { type Connection, createConnection } from 'mongoose';
import { type z } from 'zod';

import { type BaseEnv, InvalidEnvironmentError, loadEnv } from '../config/env';

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

/** The value of `--page-size` or `--batch-size`: an integer from 1 to 10,000. */
export function pageSizeOf(value: string, flag = '--page-size'): number {
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1 || size > 10_000) {
    throw new Error(`${flag} must be an integer from 1 to 10000`);
  }
  return size;
}

export interface StoreCommand<E extends BaseEnv, O> {
  /** The service whose database the command works on (its default database name). */
  readonly service: ServiceName;
  /** The command's name in messages, e.g. `reindex`. */
  readonly name: string;
  /** The service's environment schema (MONGO_URL, MONGO_DB, …). */
  readonly envSchema: z.ZodType<E>;
  /** What to do after a failure, printed with it. */
  readonly hint: string;
  /** Reads the command's arguments; throws on a bad one. */
  readonly parse: () => O;
  readonly work: (connection: Connection, env: E, options: O) => Promise<void>;
}

/**
 * Reads the command's arguments, then runs it against the database of the service's MONGO_URL
 * and MONGO_DB and closes it; on any failure prints `<name> failed: <reason>; <hint>` and exits
 * with 1.
 */
export function runStoreCommand<E extends BaseEnv, O>(command: StoreCommand<E, O>): void {
  const run = async () => {
    const options = command.parse();
    const env = loadEnv(command.envSchema);
    const connection = await createConnection(env.MONGO_URL, {
      dbName: env.MONGO_DB ?? command.service,
    }).asPromise();
    try {
      await command.work(connection, env, options);
    } finally {
      await connection.close();
    }
  };
  run().catch((error: unknown) => {
    const message =
      error instanceof InvalidEnvironmentError || error instanceof Error
        ? error.message
        : String(error);
    process.stderr.write(
      `${command.name} failed: ${message}${command.hint ? `; ${command.hint}` : ''}\n`,
    );
    process.exit(1);
  });
}
