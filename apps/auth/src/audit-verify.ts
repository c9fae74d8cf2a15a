// `npm run audit:verify -w @opencen/auth`: recomputes the audit chain and its signed checkpoints
// in the service's database (MONGO_URL, MONGO_DB) with the service's keys (AUDIT_SIGNING_KEY,
// AUDIT_PREVIOUS_PUBLIC_KEYS), prints progress and what it found, and exits with 1 when the chain
// does not hold or could not be read.
import { runStoreCommand } from '@opencen/nest-kit';

import { verifyChain } from './audit/domain/chain-verification';
import { signingKeys } from './audit/domain/checkpoint';
import { MongoAuditChain } from './audit/infrastructure/mongo-audit-chain';
import { authEnvSchema } from './config/env';

if (require.main === module) {
  runStoreCommand({
    service: 'auth',
    name: 'audit:verify',
    envSchema: authEnvSchema,
    hint: 'check MONGO_URL and MONGO_DB name the auth database, then run it again',
    parse: () => {
      if (process.argv.length > 2) throw new Error('audit:verify takes no arguments');
      return {};
    },
    work: async (connection, env) => {
      const keys = signingKeys(env.AUDIT_SIGNING_KEY, env.AUDIT_PREVIOUS_PUBLIC_KEYS);
      const report = await verifyChain(
        new MongoAuditChain(connection),
        keys,
        new Date(),
        { from: 1 },
        (n) => process.stdout.write(`verified ${n} entries…\n`),
      );
      if (report.valid) {
        process.stdout.write(
          `The audit chain holds: ${report.entries} entries, ${report.checkpoints} signed checkpoints (the last at entry ${report.lastCheckpointSeq}).\n`,
        );
        return;
      }
      const { problem } = report;
      process.stdout.write(
        `The audit chain does NOT hold: ${problem!.kind} at entry ${problem!.seq}: ${problem!.detail}. ` +
          `Entries 1 to ${report.entries} verified. Keep this database as it is and tell the security officer.\n`,
      );
      process.exitCode = 1;
    },
  });
}
