import { type TestInfrastructure } from './infrastructure';

interface RunningStack extends TestInfrastructure {
  stop: () => Promise<void>;
}

declare global {
  // Read by global teardown, in the same process.
  var __opencenStack: RunningStack | undefined;
}

/**
 * Jest global setup: finds the infrastructure once per run. In order: URLs already in the
 * environment (the root `npm test` started a stack, or the user points at external servers), a
 * stack left running by `npm run infra:up`, or else a fresh stack started now and stopped by
 * global teardown.
 */
export default async function globalSetup(): Promise<void> {
  const { NATS_URL, MONGO_URL, KEYCLOAK_URL, OPENSEARCH_URL, SMTP_URL, MAILPIT_URL } = process.env;
  if (NATS_URL && MONGO_URL && KEYCLOAK_URL && OPENSEARCH_URL && SMTP_URL && MAILPIT_URL) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const stack = require('@opencen/infra-local') as {
    readRunningStack: () => Promise<TestInfrastructure | null>;
    startStack: (options: { fresh: boolean; log: (line: string) => void }) => Promise<RunningStack>;
  };
  const running = await stack.readRunningStack();
  const infrastructure =
    running ??
    (globalThis.__opencenStack = await stack.startStack({
      fresh: true,
      log: (line) => process.stderr.write(`[infra] ${line}\n`),
    }));
  // Workers are forked after global setup, so they inherit these.
  process.env.NATS_URL = NATS_URL ?? infrastructure.natsUrl;
  process.env.MONGO_URL = MONGO_URL ?? infrastructure.mongoUrl;
  process.env.KEYCLOAK_URL = KEYCLOAK_URL ?? infrastructure.keycloakUrl;
  process.env.OPENSEARCH_URL = OPENSEARCH_URL ?? infrastructure.opensearchUrl;
  process.env.SMTP_URL = SMTP_URL ?? infrastructure.smtpUrl;
  // Null when SMTP_URL names an SMTP server without a Mailpit API: tests that read mail then fail.
  const mailpitUrl = MAILPIT_URL ?? infrastructure.mailpitUrl;
  if (mailpitUrl) process.env.MAILPIT_URL = mailpitUrl;
}
