/** Where the test infrastructure is; global setup puts it in the environment of every test worker. */
export interface TestInfrastructure {
  natsUrl: string;
  mongoUrl: string;
  keycloakUrl: string;
  opensearchUrl: string;
  /** The SMTP server the services send mail to (Mailpit locally). */
  smtpUrl: string;
  /** Mailpit's HTTP API, where tests read the mail that was sent ({@link MailpitClient}). */
  mailpitUrl: string;
}

/** Reads the infrastructure that global setup provided; fails with what to do if it is missing. */
export function testInfrastructure(env: NodeJS.ProcessEnv = process.env): TestInfrastructure {
  const { NATS_URL, MONGO_URL, KEYCLOAK_URL, OPENSEARCH_URL, SMTP_URL, MAILPIT_URL } = env;
  if (!NATS_URL || !MONGO_URL || !KEYCLOAK_URL || !OPENSEARCH_URL || !SMTP_URL || !MAILPIT_URL) {
    throw new Error(
      'NATS_URL, MONGO_URL, KEYCLOAK_URL, OPENSEARCH_URL, SMTP_URL and MAILPIT_URL are not all set: run integration tests ' +
        'through jest with the @opencen/testing global setup (npm test, or npx jest in a workspace), ' +
        'or set them to running servers.',
    );
  }
  return {
    natsUrl: NATS_URL,
    mongoUrl: MONGO_URL,
    keycloakUrl: KEYCLOAK_URL,
    opensearchUrl: OPENSEARCH_URL,
    smtpUrl: SMTP_URL,
    mailpitUrl: MAILPIT_URL,
  };
}
