// The re-key command: recomputes the stored matching keys of every person, company and conveyance
// (office-records/usecases/rekey-records.ts). `npm run rekey -w @opencen/persons -- [--kind <kind>]
// [--after <id>] [--page-size <n>]`, with the service's MONGO_URL and MONGO_DB.
import { type SubjectType } from '@opencen/contracts';
import { pageSizeOf, parseFlags, runStoreCommand } from '@opencen/nest-kit';

import { personsEnvSchema } from './config/env';
import { RECORD_KINDS } from './record-kinds';
import { MongoRekeyStore } from './office-records/infrastructure/rekey.store';
import {
  REKEY_KINDS,
  type RekeyProgress,
  rekeyRecords,
} from './office-records/usecases/rekey-records';

interface Arguments {
  kind?: SubjectType;
  after?: string;
  pageSize?: number;
}

export function parseRekeyArguments(argv: readonly string[]): Arguments {
  const flags = parseFlags(argv, ['--kind', '--after', '--page-size']);
  const kind = flags.get('--kind');
  if (kind !== undefined && !REKEY_KINDS.includes(kind as SubjectType)) {
    throw new Error(`--kind must be one of ${REKEY_KINDS.join(', ')}`);
  }
  const after = flags.get('--after');
  if (after !== undefined && kind === undefined) {
    throw new Error('--after needs --kind: ids are per kind');
  }
  const pageSize = flags.get('--page-size');
  return {
    ...(kind !== undefined ? { kind: kind as SubjectType } : {}),
    ...(after !== undefined ? { after } : {}),
    ...(pageSize !== undefined ? { pageSize: pageSizeOf(pageSize) } : {}),
  };
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

if (require.main === module) {
  runStoreCommand({
    service: 'persons',
    name: 'rekey',
    envSchema: personsEnvSchema,
    hint: '',
    parse: () => parseRekeyArguments(process.argv.slice(2)),
    work: async (connection, env, options) => {
      process.stdout.write(`re-keying database ${env.MONGO_DB ?? 'persons'}\n`);
      const totals = await rekeyRecords(
        new MongoRekeyStore(connection, RECORD_KINDS),
        RECORD_KINDS,
        {
          ...options,
          onPage: (progress) => process.stdout.write(progressLine(progress)),
        },
      );
      for (const [kind, counts] of Object.entries(totals)) {
        process.stdout.write(`done ${kind}: ${JSON.stringify(counts)}\n`);
      }
      // No event announces a re-key (versions stay), so the search indexes still hold the old keys.
      process.stdout.write(
        'now run `npm run reindex -w @opencen/persons` so that searches use them\n',
      );
    },
  });
}
