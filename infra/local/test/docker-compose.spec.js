'use strict';
// docker-compose.yml and the app Dockerfile. Where a docker compose CLI exists (the Docker
// installation's plugin, or the one `npm run provision` builds into the cache when a docker client is
// present), compose itself validates and normalises the file and we check its JSON rendering. The
// line-based checks below run everywhere, compose or not.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { toolPaths } = require('../provision');

const REPO = path.resolve(__dirname, '..', '..', '..');
const COMPOSE_FILE = path.join(REPO, 'docker-compose.yml');
const SERVERS = ['mongo', 'nats', 'keycloak', 'opensearch', 'mailpit'];
// The Node apps, built from infra/docker/Dockerfile; the web app has its own image (Dockerfile.web).
const APPS = ['reference-data', 'persons', 'cases', 'auth', 'notifications', 'gateway'];
const WEB = 'web';
// The apps that own data, and so indexes (the gateway owns none).
const DATA_APPS = ['reference-data', 'persons', 'cases', 'auth', 'notifications'];
const SERVICES = [...SERVERS, ...APPS, WEB];

function cleanEnv() {
  // COMPOSE_FILE, COMPOSE_PROJECT_NAME, COMPOSE_PROFILES… from the caller's shell would change the result.
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('COMPOSE_')),
  );
}

function findCompose() {
  const docker = spawnSync('docker', ['compose', 'version', '--short'], {
    encoding: 'utf8',
    env: cleanEnv(),
  });
  if (docker.status === 0)
    return {
      command: 'docker',
      args: ['compose'],
      label: `docker compose ${docker.stdout.trim()}`,
    };
  const ours = toolPaths().dockerCompose;
  if (fs.existsSync(ours)) return { command: ours, args: [], label: ours };
  return null;
}

const compose = findCompose();
const dockerClient = spawnSync('docker', ['--version'], { encoding: 'utf8' }).status === 0;
const withCompose = compose ? it : it.skip;

describe('docker compose availability', () => {
  // Where a docker client exists, provisioning provides compose, so its absence is an error.
  (dockerClient ? it : it.skip)('is available wherever a docker client is', () => {
    if (!compose) {
      throw new Error(
        'A docker client is installed but `docker compose` is not: run `npm run provision` (it builds the plugin).',
      );
    }
  });
});

function runCompose(args) {
  const result = spawnSync(
    compose.command,
    [...compose.args, '-f', COMPOSE_FILE, '--project-directory', REPO, ...args],
    {
      encoding: 'utf8',
      env: cleanEnv(),
      cwd: REPO,
    },
  );
  if (result.status !== 0)
    throw new Error(`${compose.label} ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

describe('docker-compose.yml through docker compose', () => {
  let config;
  beforeAll(() => {
    if (compose) config = JSON.parse(runCompose(['config', '--format', 'json']));
  });

  withCompose('is valid (docker compose config --quiet)', () => {
    expect(() => runCompose(['config', '--quiet'])).not.toThrow();
  });

  withCompose(
    'declares the five servers, every app and the web app, each with a healthcheck',
    () => {
      expect(Object.keys(config.services).sort()).toEqual([...SERVICES].sort());
      for (const name of SERVICES) {
        const { healthcheck } = config.services[name];
        expect(healthcheck).toBeDefined();
        expect(healthcheck.test.length).toBeGreaterThan(1);
        expect(healthcheck.disable).not.toBe(true);
      }
    },
  );

  withCompose('runs MongoDB 7 as a replica set that the healthcheck initiates', () => {
    const mongo = config.services.mongo;
    expect(mongo.image).toMatch(/^mongo:7(\.|$)/);
    expect(mongo.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    expect(mongo.healthcheck.test.join(' ')).toMatch(/rs\.initiate\(.*_id: 'rs0'/);
    expect(mongo.healthcheck.test.join(' ')).toMatch(/isWritablePrimary/);
    expect(mongo.volumes.map((v) => v.target)).toContain('/data/db');
  });

  withCompose('runs NATS 2.12 with JetStream on a volume and our server configuration', () => {
    const nats = config.services.nats;
    expect(nats.image).toMatch(/^nats:2\.12/);
    expect(nats.command).toEqual(expect.arrayContaining(['--jetstream', '--store_dir', '/data']));
    const volumes = Object.fromEntries(nats.volumes.map((v) => [v.target, v]));
    expect(volumes['/data']).toMatchObject({ type: 'volume', source: 'nats-data' });
    expect(volumes['/etc/nats/nats-server.conf']).toMatchObject({
      type: 'bind',
      source: path.join(REPO, 'infra', 'nats', 'nats-server.conf'),
    });
    expect(nats.healthcheck.test.join(' ')).toMatch(/healthz\?js-enabled-only=true/);
  });

  withCompose('runs Keycloak 26.5 importing the opencen realm, with health enabled', () => {
    const keycloak = config.services.keycloak;
    expect(keycloak.image).toMatch(/keycloak\/keycloak:26\.5/);
    expect(keycloak.command).toEqual(
      expect.arrayContaining(['--import-realm', '--health-enabled=true']),
    );
    expect(keycloak.volumes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'bind',
          source: path.join(REPO, 'infra', 'keycloak', 'opencen-realm.json'),
          target: '/opt/keycloak/data/import/opencen-realm.json',
        }),
      ]),
    );
    expect(keycloak.environment).toMatchObject({ KC_BOOTSTRAP_ADMIN_USERNAME: 'admin' });
  });

  withCompose('runs OpenSearch 3.3.2 as one node on a volume, security off only for trying', () => {
    const opensearch = config.services.opensearch;
    expect(opensearch.image).toBe('opensearchproject/opensearch:3.3.2');
    expect(opensearch.environment).toMatchObject({
      'discovery.type': 'single-node',
      OPENSEARCH_JAVA_OPTS: expect.stringMatching(/^-Xms\S+ -Xmx\S+$/),
      DISABLE_SECURITY_PLUGIN: 'true',
    });
    expect(opensearch.volumes).toEqual([
      expect.objectContaining({
        type: 'volume',
        source: 'opensearch-data',
        target: '/usr/share/opensearch/data',
      }),
    ]);
    expect(opensearch.ports).toEqual([
      expect.objectContaining({ host_ip: '127.0.0.1', published: '9200', target: 9200 }),
    ]);
    expect(opensearch.healthcheck.test).toEqual(expect.arrayContaining(['CMD', 'curl']));
    expect(opensearch.healthcheck.test.join(' ')).toMatch(
      /_cluster\/health\?wait_for_status=yellow/,
    );
  });

  withCompose('runs Mailpit v1.33.1 on a volume, its API and SMTP on loopback', () => {
    const mailpit = config.services.mailpit;
    expect(mailpit.image).toBe('axllent/mailpit:v1.33.1');
    expect(mailpit.environment).toMatchObject({
      MP_DATABASE: '/data/mailpit.db',
      MP_SMTP_AUTH_ACCEPT_ANY: 'true',
    });
    expect(mailpit.volumes).toEqual([
      expect.objectContaining({ type: 'volume', source: 'mailpit-data', target: '/data' }),
    ]);
    expect(mailpit.ports).toEqual([
      expect.objectContaining({ host_ip: '127.0.0.1', published: '1025', target: 1025 }),
      expect.objectContaining({ host_ip: '127.0.0.1', published: '8025', target: 8025 }),
    ]);
    expect(mailpit.healthcheck.test).toEqual(['CMD', '/mailpit', 'readyz']);
  });

  withCompose(
    'builds every app from infra/docker/Dockerfile, after the servers it needs are healthy',
    () => {
      for (const app of APPS) {
        const service = config.services[app];
        expect(service.build).toMatchObject({
          dockerfile: 'infra/docker/Dockerfile',
          args: { APP: app },
        });
        expect(fs.existsSync(path.join(REPO, 'apps', app, 'package.json'))).toBe(true);
        expect(service.environment.NATS_URL).toBe('nats://nats:4222');
        for (const dependency of Object.values(service.depends_on))
          expect(dependency.condition).toBe('service_healthy');
      }
      for (const app of DATA_APPS) {
        expect(config.services[app].environment.OPENSEARCH_URL).toBe('http://opensearch:9200');
        expect(config.services[app].depends_on.opensearch).toBeDefined();
      }
      expect(config.services.gateway.environment.OPENSEARCH_URL).toBeUndefined();
      // The realm's opencen-auth client and the auth service share one secret.
      expect(config.services.auth.environment.AUTH_ADMIN_CLIENT_SECRET).toBe(
        config.services.keycloak.environment.OPENCEN_AUTH_CLIENT_SECRET,
      );
      expect(config.services.notifications.environment.SMTP_URL).toBe('smtp://mailpit:1025');
      expect(config.services.notifications.depends_on.mailpit).toBeDefined();
      // The gateway checks tokens against the issuer Keycloak writes into them.
      expect(config.services.gateway.environment.KEYCLOAK_URL).toBe(
        config.services.keycloak.environment.KC_HOSTNAME,
      );
    },
  );

  withCompose(
    'runs every app as a non-root user on a read-only root filesystem, /tmp its one tmpfs',
    () => {
      for (const app of [...APPS, WEB]) {
        const service = config.services[app];
        expect({ app, read_only: service.read_only }).toEqual({ app, read_only: true });
        expect(service.tmpfs).toEqual(['/tmp']);
        expect(service.user).toBeDefined();
        expect(['root', '0', '0:0']).not.toContain(String(service.user));
        expect(service.volumes).toBeUndefined();
      }
    },
  );

  withCompose(
    'serves the web app from its own image, the only app published (/api/ forwarded)',
    () => {
      const web = config.services[WEB];
      expect(web.build).toMatchObject({ dockerfile: 'infra/docker/Dockerfile.web' });
      expect(web.environment.GATEWAY_URL).toBe('http://gateway:3000');
      expect(web.environment.KEYCLOAK_ORIGIN).toBe(
        config.services.keycloak.environment.KC_HOSTNAME,
      );
      expect(web.ports).toEqual([
        expect.objectContaining({ host_ip: '127.0.0.1', published: '3000', target: 8080 }),
      ]);
      expect(web.healthcheck.test.join(' ')).toMatch(/127\.0\.0\.1:8080\/health\/ready/);
      expect(web.depends_on.gateway.condition).toBe('service_healthy');
      for (const app of APPS) expect({ app, ports: config.services[app].ports }).toEqual({ app });
      // No web app inside the gateway's image any more.
      expect(config.services.gateway.build.args.WEB).toBeUndefined();
    },
  );

  withCompose('uses pinned images only (no latest, no untagged image)', () => {
    for (const name of SERVERS) {
      const { image } = config.services[name];
      expect(image).toMatch(/:[^:/]+$/);
      expect(image).not.toMatch(/:latest$/);
    }
  });

  withCompose('publishes ports on loopback only, and every bind mount exists', () => {
    for (const name of SERVICES) {
      for (const port of config.services[name].ports || []) expect(port.host_ip).toBe('127.0.0.1');
      for (const volume of config.services[name].volumes || []) {
        if (volume.type === 'bind') expect(fs.existsSync(volume.source)).toBe(true);
      }
    }
    expect(Object.keys(config.volumes).sort()).toEqual([
      'mailpit-data',
      'mongo-data',
      'nats-data',
      'opensearch-data',
    ]);
  });
});

/** Top-level service blocks of a compose file written in block style: { name: lines[] }. */
function serviceBlocks(text) {
  const blocks = {};
  let inServices = false;
  let current = null;
  for (const line of text.split('\n')) {
    if (/^\S/.test(line) && !line.startsWith('#')) {
      inServices = line.startsWith('services:');
      current = null;
      continue;
    }
    if (!inServices) continue;
    const start = /^ {2}([a-z0-9][a-z0-9_-]*):\s*$/.exec(line);
    if (start) blocks[(current = start[1])] = [];
    else if (current && /^ {4}/.test(line)) blocks[current].push(line);
  }
  return blocks;
}

describe('docker-compose.yml, line by line (no compose needed)', () => {
  const text = fs.readFileSync(COMPOSE_FILE, 'utf8');
  const blocks = serviceBlocks(text);

  it('has the five servers and the apps, each server with an image and a healthcheck', () => {
    expect(Object.keys(blocks).sort()).toEqual([...SERVICES].sort());
    for (const name of SERVERS) {
      expect(blocks[name].some((l) => /^ {4}image: \S+/.test(l))).toBe(true);
      expect(blocks[name].some((l) => /^ {4}healthcheck:/.test(l))).toBe(true);
    }
  });

  it('builds each app from infra/docker/Dockerfile with APP set to its folder', () => {
    for (const app of APPS) {
      const lines = blocks[app].join('\n');
      expect(lines).toMatch(/^ {6}dockerfile: infra\/docker\/Dockerfile$/m);
      expect(lines).toMatch(new RegExp(`^ {8}APP: ${app}$`, 'm'));
      expect(lines).toMatch(/^ {4}healthcheck:/m);
      expect(lines).toMatch(/^ {4}read_only: true$/m);
    }
    expect(blocks[WEB].join('\n')).toMatch(/^ {6}dockerfile: infra\/docker\/Dockerfile\.web$/m);
    expect(blocks[WEB].join('\n')).toMatch(/^ {4}read_only: true$/m);
  });

  it('gives every app that owns data OPENSEARCH_URL and waits for OpenSearch', () => {
    for (const app of DATA_APPS) {
      const lines = blocks[app].join('\n');
      expect(lines).toMatch(/^ {6}OPENSEARCH_URL: http:\/\/opensearch:9200$/m);
      expect(lines).toMatch(/^ {6}opensearch: \{ condition: service_healthy \}$/m);
    }
    expect(blocks.opensearch.join('\n')).toMatch(
      /^ {4}image: opensearchproject\/opensearch:3\.3\.2$/m,
    );
  });
});

describe('infra/docker/Dockerfile and .dockerignore', () => {
  const dockerfile = fs.readFileSync(path.join(REPO, 'infra', 'docker', 'Dockerfile'), 'utf8');
  const ignore = fs.readFileSync(path.join(REPO, '.dockerignore'), 'utf8').split('\n');

  it('builds any app on Node 22 LTS, as a non-root user, with production dependencies only', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:22-/m);
    expect(dockerfile).toMatch(/^ARG APP$/m);
    // The app's workspaces, and the web app's too when WEB is set (the gateway's image).
    expect(dockerfile).toMatch(
      /turbo@\$\{TURBO_VERSION\}" prune "@opencen\/\$\{APP\}" \$\{WEB:\+@opencen\/web\} --docker/,
    );
    expect(dockerfile).toMatch(/if \[ -n "\$WEB" \]; then npm run build -w @opencen\/web/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^USER node$/m);
    // Files stay root's (the app only reads them): nothing is chowned to the user it runs as.
    expect(dockerfile).not.toMatch(/--chown/);
    expect(dockerfile).toMatch(/^ {4}HTTP_HOST=0\.0\.0\.0$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/health\/ready/m);
    expect(dockerfile).toMatch(/^CMD .*node apps\/\$APP\/dist\/main\.js/m);
    // every stage is FROM the same Node image
    for (const from of dockerfile.match(/^FROM .*/gm))
      expect(from).toMatch(/^FROM \$\{NODE_IMAGE\} AS \w+$/);
  });

  it('builds the web app on Node 22 into an unprivileged nginx with a healthcheck', () => {
    const web = fs.readFileSync(path.join(REPO, 'infra', 'docker', 'Dockerfile.web'), 'utf8');
    expect(web).toMatch(/^ARG NODE_IMAGE=node:22-/m);
    expect(web).toMatch(/^ARG NGINX_IMAGE=nginxinc\/nginx-unprivileged:\d+\.\d+-alpine$/m);
    expect(web).toMatch(/turbo@\$\{TURBO_VERSION\}" prune @opencen\/web --docker/);
    expect(web.match(/^FROM .*/gm)).toEqual([
      'FROM ${NODE_IMAGE} AS prune',
      'FROM ${NODE_IMAGE} AS build',
      'FROM ${NGINX_IMAGE} AS runtime',
    ]);
    expect(web).toMatch(/^USER 101$/m);
    expect(web).toMatch(/^HEALTHCHECK [^]*\/health\/ready/m);
    expect(web).toMatch(/NGINX_ENVSUBST_OUTPUT_DIR=\/tmp/);
    // Every file the image copies exists, and nginx writes under /tmp only.
    for (const [, source] of web.matchAll(/^COPY (infra\/\S+)/gm))
      expect(fs.existsSync(path.join(REPO, source))).toBe(true);
    const nginx = fs.readFileSync(path.join(REPO, 'infra', 'docker', 'web', 'nginx.conf'), 'utf8');
    for (const [, directive, target] of nginx.matchAll(/^\s*(pid|\w+_temp_path) (\S+);/gm))
      expect({ directive, target }).toEqual({
        directive,
        target: expect.stringMatching(/^\/tmp\//),
      });
    // The API and the hashed assets are matched before the rule for files (`^~`), not served as files.
    const server = fs.readFileSync(
      path.join(REPO, 'infra', 'docker', 'web', 'default.conf.template'),
      'utf8',
    );
    expect(server).toMatch(/^ {2}location \^~ \/api\/ \{\n {4}proxy_pass \$\{GATEWAY_URL\};/m);
    expect(server).toMatch(/^ {2}location \^~ \/assets\/ \{/m);
    expect(server).toMatch(/^ {2}location = \/config\.json \{\n {4}proxy_pass \$\{GATEWAY_URL\};/m);
    expect(server).toMatch(/connect-src 'self' \$\{KEYCLOAK_ORIGIN\}/);
    // The query string (search criteria) is never logged.
    expect(nginx).toMatch(/log_format opencen '[^']*\$uri[^']*'/);
    expect(nginx).not.toMatch(/\$request_uri|\$args|\$request /);
  });

  it('keeps installed and generated files and local state out of the build context', () => {
    expect(ignore).toEqual(
      expect.arrayContaining(['**/node_modules', '**/dist', '.opencen', '.git']),
    );
  });
});
