// The re-key command: recomputes the stored matching keys of every person, company and conveyance
// (records/usecases/rekey-records.ts). `npm run rekey -w @opencen/persons -- [--kind <kind>]
// [--after <id>] [--page-size <n>]`, with the service's MONGO_URL and MONGO_DB.
import { type SubjectType } from '@opencen/contracts';
import { InvalidEnvironmentError, loadEnv } from '@opencen/nest-kit';
import { createConnection } from 'mongoose';

import { personsEnvSchema } from './config/env';
import { MongoRekeyStore } from './records/infrastructure/rekey.store';
import { REKEY_KINDS, type RekeyProgress, rekeyRecords } from './records/usecases/rekey-records';

interface Arguments {
  kind?: SubjectType;
  after?: string;
  pageSize?: number;
}

export function parseRekeyArguments(argv: readonly string[]): Arguments {
  const parsed: Arguments = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    if (flag === '--kind') {
      if (!REKEY_KINDS.includes(value as SubjectType)) {
        throw new Error(`--kind must be one of ${REKEY_KINDS.join(', ')}`);
      }
      parsed.kind = value as SubjectType;
    } else if (flag === '--after') parsed.after = value;
    else if (flag === '--page-size') {
      const size = Number(value);
      if (!Number.isInteger(size) || size < 1 || size > 10_000) {
        throw new Error('--page-size must be an integer from 1 to 10000');
      }
      parsed.pageSize = size;
    } else throw new Error(`Unknown argument ${flag} (--kind, --after, --page-size)`);
  }
  if (parsed.after !== undefined && parsed.kind === undefined) {
    throw new Error('--after needs --kind: ids are per kind');
  }
  return parsed;
}

function progressLine({ kind, lastId, counts, perSecond, unreadableIds }: RekeyProgress): string {
  const unreadable =
    unreadableIds.length > 0 ? `; not matching the contract: ${unreadableIds.join(', ')}` : '';
  return (
    `${kind}: ${counts.read} read, ${counts.rekeyed} re-keyed, ${counts.unchanged} unchanged, ` +
    `${counts.changedMeanwhile} changed meanwhile, ${counts.unreadable} unreadable, ${perSecond}/s; ` +
    `resume with --kind ${kind} --after ${lastId}${unreadable}\n`
  );
}

async function main(): Promise<void> {
  const options = parseRekeyArguments(process.argv.slice(2));
  const env = loadEnv(personsEnvSchema);
  const database = env.MONGO_DB ?? 'persons';
  const connection = await createConnection(env.MONGO_URL, { dbName: database }).asPromise();
  try {
    process.stdout.write(`re-keying database ${database}\n`);
    const totals = await rekeyRecords(new MongoRekeyStore(connection), {
      ...options,
      onPage: (progress) => process.stdout.write(progressLine(progress)),
    });
    for (const [kind, counts] of Object.entries(totals)) {
      process.stdout.write(`done ${kind}: ${JSON.stringify(counts)}\n`);
    }
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
    process.stderr.write(`rekey failed: ${message}\n`);
    process.exit(1);
  });
}
