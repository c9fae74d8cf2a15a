import { testInfrastructure } from './infrastructure';

describe('testInfrastructure', () => {
  it('reads the URLs global setup provided', () => {
    expect(
      testInfrastructure({
        NATS_URL: 'nats://h:1',
        MONGO_URL: 'mongodb://h:2/',
        KEYCLOAK_URL: 'http://h:3',
        OPENSEARCH_URL: 'http://h:4',
        SMTP_URL: 'smtp://h:5',
        MAILPIT_URL: 'http://h:6',
      }),
    ).toEqual({
      natsUrl: 'nats://h:1',
      mongoUrl: 'mongodb://h:2/',
      keycloakUrl: 'http://h:3',
      opensearchUrl: 'http://h:4',
      smtpUrl: 'smtp://h:5',
      mailpitUrl: 'http://h:6',
    });
  });

  it('says what to do when they are missing', () => {
    expect(() => testInfrastructure({ NATS_URL: 'nats://h:1' })).toThrow(
      /run integration tests through jest/,
    );
    // OPENSEARCH_URL is as required as the others
    expect(() =>
      testInfrastructure({
        NATS_URL: 'nats://h:1',
        MONGO_URL: 'mongodb://h:2/',
        KEYCLOAK_URL: 'http://h:3',
      }),
    ).toThrow(/OPENSEARCH_URL/);
    // and so are SMTP_URL and MAILPIT_URL
    expect(() =>
      testInfrastructure({
        NATS_URL: 'nats://h:1',
        MONGO_URL: 'mongodb://h:2/',
        KEYCLOAK_URL: 'http://h:3',
        OPENSEARCH_URL: 'http://h:4',
        SMTP_URL: 'smtp://h:5',
      }),
    ).toThrow(/MAILPIT_URL/);
  });
});
