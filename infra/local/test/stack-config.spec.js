'use strict';

const path = require('node:path');
const { stackConfig, startStack } = require('../stack');
const { cacheRoot, javaMajor } = require('../provision');

const REPO = path.resolve(__dirname, '..', '..', '..');
const HOME = { HOME: '/home/someone' };

describe('stackConfig', () => {
  it('defaults to loopback ports that do not clash with the usual 4222/27017/8080/9200', () => {
    const config = stackConfig(HOME);
    expect(config.host).toBe('127.0.0.1');
    expect(config.nats).toMatchObject({
      external: false,
      url: 'nats://127.0.0.1:4223',
      port: 4223,
      monitorPort: 8223,
    });
    expect(config.nats.monitorUrl).toBe('http://127.0.0.1:8223');
    expect(config.mongo).toEqual({
      external: false,
      url: 'mongodb://127.0.0.1:27018/',
      port: 27018,
    });
    expect(config.keycloak).toMatchObject({
      external: false,
      url: 'http://127.0.0.1:8180',
      port: 8180,
      managementPort: 9180,
      realm: 'opencen',
      realmUrl: 'http://127.0.0.1:8180/realms/opencen',
    });
    expect(config.search).toEqual({
      external: false,
      url: 'http://127.0.0.1:9210',
      port: 9210,
      transportPort: 9310,
      heap: { min: '512m', max: '1g' },
      user: null,
      clusterName: 'opencen-local',
    });
    expect(config.mail).toEqual({
      external: false,
      url: 'smtp://127.0.0.1:1026',
      mailpitUrl: 'http://127.0.0.1:8026',
      smtpPort: 1026,
      httpPort: 8026,
    });
    expect(config.keycloak.realmFile).toBe(
      path.join(REPO, 'infra', 'keycloak', 'opencen-realm.json'),
    );
    expect(config.nats.configFile).toBe(path.join(REPO, 'infra', 'nats', 'nats-server.conf'));
  });

  it('keeps data, logs and the state file under <repo>/.opencen by default', () => {
    const config = stackConfig(HOME);
    expect(config.dataDir).toBe(path.join(REPO, '.opencen', 'data'));
    expect(config.logDir).toBe(path.join(REPO, '.opencen', 'logs'));
    expect(config.stateFile).toBe(path.join(REPO, '.opencen', 'run', 'stack.json'));
    expect(config.startTimeoutMs).toBe(180_000);
  });

  it('takes ports, directories and the start timeout from OPENCEN_* variables', () => {
    const config = stackConfig({
      ...HOME,
      OPENCEN_NATS_PORT: '14222',
      OPENCEN_NATS_MONITOR_PORT: '18222',
      OPENCEN_MONGO_PORT: '37017',
      OPENCEN_KEYCLOAK_PORT: '18080',
      OPENCEN_KEYCLOAK_MANAGEMENT_PORT: '19000',
      OPENCEN_OPENSEARCH_PORT: '19200',
      OPENCEN_OPENSEARCH_TRANSPORT_PORT: '19300',
      OPENCEN_OPENSEARCH_HEAP: '2G',
      OPENCEN_OPENSEARCH_USER: 'opensearch',
      OPENCEN_MAILPIT_SMTP_PORT: '11025',
      OPENCEN_MAILPIT_HTTP_PORT: '18025',
      OPENCEN_DATA_DIR: '/var/tmp/opencen-data',
      OPENCEN_LOG_DIR: 'relative/logs',
      OPENCEN_START_TIMEOUT: '30',
    });
    expect(config.nats.url).toBe('nats://127.0.0.1:14222');
    expect(config.nats.monitorUrl).toBe('http://127.0.0.1:18222');
    expect(config.mongo.url).toBe('mongodb://127.0.0.1:37017/');
    expect(config.keycloak.url).toBe('http://127.0.0.1:18080');
    expect(config.keycloak.managementPort).toBe(19000);
    expect(config.search).toMatchObject({
      url: 'http://127.0.0.1:19200',
      port: 19200,
      transportPort: 19300,
      heap: { min: '2g', max: '2g' },
      user: 'opensearch',
    });
    expect(config.mail).toMatchObject({
      url: 'smtp://127.0.0.1:11025',
      mailpitUrl: 'http://127.0.0.1:18025',
    });
    expect(config.dataDir).toBe('/var/tmp/opencen-data');
    expect(config.logDir).toBe(path.resolve('relative/logs'));
    expect(config.startTimeoutMs).toBe(30_000);
  });

  it('treats NATS_URL, MONGO_URL, KEYCLOAK_URL and OPENSEARCH_URL as external servers, used as given', () => {
    const config = stackConfig({
      ...HOME,
      NATS_URL: 'nats://nats.example:4222',
      MONGO_URL: 'mongodb://db1.example:27017,db2.example:27017/?replicaSet=rs0',
      KEYCLOAK_URL: 'https://sso.example/',
      OPENSEARCH_URL: 'https://cases:secret@search.example:9200/',
    });
    expect(config.nats).toMatchObject({
      external: true,
      url: 'nats://nats.example:4222',
      monitorUrl: null,
    });
    expect(config.mongo).toMatchObject({
      external: true,
      url: 'mongodb://db1.example:27017,db2.example:27017/?replicaSet=rs0',
    });
    // no trailing slash, so that `${keycloakUrl}/realms/opencen` is always right
    expect(config.keycloak).toMatchObject({
      external: true,
      url: 'https://sso.example',
      realmUrl: 'https://sso.example/realms/opencen',
    });
    // credentials kept (the services need them), trailing slash dropped
    expect(config.search).toMatchObject({
      external: true,
      url: 'https://cases:secret@search.example:9200',
    });
  });

  it('treats SMTP_URL as an external mail server, with MAILPIT_URL as its API if it has one', () => {
    expect(
      stackConfig({
        ...HOME,
        SMTP_URL: 'smtp://user:pass@mail.example:2525',
        MAILPIT_URL: 'http://mail.example:8025/',
      }).mail,
    ).toMatchObject({
      external: true,
      url: 'smtp://user:pass@mail.example:2525',
      mailpitUrl: 'http://mail.example:8025',
    });
    // a real relay: nothing to read the mail back with
    expect(stackConfig({ ...HOME, SMTP_URL: 'smtps://relay.example:465' }).mail).toMatchObject({
      external: true,
      url: 'smtps://relay.example:465',
      mailpitUrl: null,
    });
  });

  it('refuses MAILPIT_URL without SMTP_URL (a Mailpit to read, but the mail sent elsewhere)', () => {
    expect(() => stackConfig({ ...HOME, MAILPIT_URL: 'http://mail.example:8025' })).toThrow(
      /MAILPIT_URL is set without SMTP_URL/,
    );
  });

  it('lets one part be external while the others are local', () => {
    const config = stackConfig({ ...HOME, MONGO_URL: 'mongodb://127.0.0.1:27017/' });
    expect(config.mongo.external).toBe(true);
    expect(config.nats.external).toBe(false);
    expect(config.keycloak.external).toBe(false);
    expect(config.search.external).toBe(false);
    expect(config.mail.external).toBe(false);
  });

  it('rejects a port that is not a port, naming the variable', () => {
    expect(() => stackConfig({ ...HOME, OPENCEN_MONGO_PORT: 'abc' })).toThrow(
      /OPENCEN_MONGO_PORT=abc/,
    );
    expect(() => stackConfig({ ...HOME, OPENCEN_NATS_PORT: '70000' })).toThrow(/OPENCEN_NATS_PORT/);
    expect(() => stackConfig({ ...HOME, OPENCEN_MAILPIT_SMTP_PORT: 'smtp' })).toThrow(
      /OPENCEN_MAILPIT_SMTP_PORT=smtp/,
    );
    expect(() => stackConfig({ ...HOME, OPENCEN_START_TIMEOUT: '-1' })).toThrow(
      /OPENCEN_START_TIMEOUT/,
    );
    expect(() => stackConfig({ ...HOME, OPENCEN_OPENSEARCH_TRANSPORT_PORT: '0' })).toThrow(
      /OPENCEN_OPENSEARCH_TRANSPORT_PORT=0/,
    );
    for (const heap of ['1', '1.5g', '-1g', '512k', 'big'])
      expect(() => stackConfig({ ...HOME, OPENCEN_OPENSEARCH_HEAP: heap })).toThrow(
        new RegExp(`OPENCEN_OPENSEARCH_HEAP=${heap.replace('.', '\\.')} is not a heap size`),
      );
  });

  it('rejects two parts on the same port', () => {
    expect(() => stackConfig({ ...HOME, OPENCEN_KEYCLOAK_MANAGEMENT_PORT: '4223' })).toThrow(
      /OPENCEN_KEYCLOAK_MANAGEMENT_PORT and OPENCEN_NATS_PORT are both set to port 4223/,
    );
    expect(() => stackConfig({ ...HOME, OPENCEN_OPENSEARCH_TRANSPORT_PORT: '9210' })).toThrow(
      /OPENCEN_OPENSEARCH_TRANSPORT_PORT and OPENCEN_OPENSEARCH_PORT are both set to port 9210/,
    );
    expect(() => stackConfig({ ...HOME, OPENCEN_OPENSEARCH_PORT: '8180' })).toThrow(
      /OPENCEN_OPENSEARCH_PORT and OPENCEN_KEYCLOAK_PORT are both set to port 8180/,
    );
    expect(() => stackConfig({ ...HOME, OPENCEN_MAILPIT_HTTP_PORT: '1026' })).toThrow(
      /OPENCEN_MAILPIT_HTTP_PORT and OPENCEN_MAILPIT_SMTP_PORT are both set to port 1026/,
    );
  });

  it('does not count the ports of external parts', () => {
    expect(() =>
      stackConfig({ ...HOME, NATS_URL: 'nats://x:4222', OPENCEN_KEYCLOAK_MANAGEMENT_PORT: '4223' }),
    ).not.toThrow();
    expect(() =>
      stackConfig({
        ...HOME,
        OPENSEARCH_URL: 'http://search:9200',
        OPENCEN_OPENSEARCH_TRANSPORT_PORT: '4223',
      }),
    ).not.toThrow();
  });

  it('is pure: same input, same output, nothing read from process.env', () => {
    const before = { ...process.env };
    process.env.OPENCEN_NATS_PORT = '1234';
    try {
      expect(stackConfig(HOME)).toEqual(stackConfig({ ...HOME }));
      expect(stackConfig(HOME).nats.port).toBe(4223);
    } finally {
      process.env = before;
    }
  });
});

describe('startStack with every part external', () => {
  it('starts nothing and hands back the URLs', async () => {
    const lines = [];
    const stack = await startStack({
      env: {
        ...HOME,
        NATS_URL: 'nats://n:4222',
        MONGO_URL: 'mongodb://m:27017/',
        KEYCLOAK_URL: 'http://k:8080/',
        OPENSEARCH_URL: 'https://cases:secret@s:9200',
        SMTP_URL: 'smtp://notifications:secret@mail:25',
        MAILPIT_URL: 'http://mail:8025',
      },
      log: (line) => lines.push(line),
    });
    expect(stack).toMatchObject({
      natsUrl: 'nats://n:4222',
      mongoUrl: 'mongodb://m:27017/',
      keycloakUrl: 'http://k:8080',
      opensearchUrl: 'https://cases:secret@s:9200',
      smtpUrl: 'smtp://notifications:secret@mail:25',
      mailpitUrl: 'http://mail:8025',
      started: [],
    });
    await expect(stack.stop()).resolves.toBeUndefined();
    expect(lines.join('\n')).toMatch(
      /FerretDB: using mongodb:\/\/m:27017\/ \(given by MONGO_URL\)/,
    );
    // the password is not printed
    expect(lines).toContain('OpenSearch: using https://cases:***@s:9200 (given by OPENSEARCH_URL)');
    expect(lines).toContain('Mailpit: using smtp://notifications:***@mail:25 (given by SMTP_URL)');
  });

  it('rejects an unknown part', async () => {
    await expect(startStack({ env: HOME, parts: ['postgres'] })).rejects.toThrow(
      /Unknown part "postgres"/,
    );
  });
});

describe('provisioning helpers', () => {
  it('puts the cache under OPENCEN_CACHE_DIR, else $XDG_CACHE_HOME/opencen, else ~/.cache/opencen', () => {
    expect(cacheRoot({ HOME: '/h', XDG_CACHE_HOME: '/x', OPENCEN_CACHE_DIR: '/c' })).toBe('/c');
    expect(cacheRoot({ HOME: '/h', XDG_CACHE_HOME: '/x' })).toBe('/x/opencen');
    expect(cacheRoot({ HOME: '/h' })).toBe('/h/.cache/opencen');
  });

  it('reads Java major versions in both numbering schemes', () => {
    expect(javaMajor('25.0.3')).toBe(25);
    expect(javaMajor('21')).toBe(21);
    expect(javaMajor('17.0.15')).toBe(17);
    expect(javaMajor('1.8.0_402')).toBe(8);
    expect(javaMajor('garbage')).toBe(0);
  });
});
