'use strict';
// Runs the local infrastructure: nats-server (JetStream), FerretDB (MongoDB wire protocol over
// SQLite), Keycloak with the opencen realm, a single-node OpenSearch and Mailpit (SMTP that keeps
// every message, read through its HTTP API), on 127.0.0.1. Used by the CLI (cli.js) and by the jest
// global setup of @opencen/testing. Node built-ins only.

const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { provision, cacheRoot, toolPaths, findJava, keycloakEnv } = require('./provision');
const { httpGet, natsPing, mongoPing, smtpGreeting, tcpOpen, portFree } = require('./lib/health');
const {
  spawnGroup,
  stopGroup,
  signalGroup,
  groupAlive,
  commandLine,
  Reaper,
} = require('./lib/processes');
const {
  InfraError,
  run,
  which,
  sleep,
  tailFile,
  formatDuration,
  redactUrl,
} = require('./lib/util');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const PARTS = Object.freeze(['nats', 'mongo', 'keycloak', 'search', 'mail']);
const REALM = 'opencen';

// ---------------------------------------------------------------------------------------------
// Configuration

function portFromEnv(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new InfraError(`${name}=${raw} is not a TCP port.`, {
      hint: `Set ${name} to a number between 1 and 65535.`,
    });
  }
  return value;
}

/**
 * OpenSearch's heap. Tests and local data sets are small (thousands to a few hundred thousand
 * documents): 512 MB to start with covers a node at rest and a test run without growing, and the
 * upstream default of 1 GB as the ceiling bounds it, next to Keycloak's 768 MB, on a machine that
 * several stacks share. OPENCEN_OPENSEARCH_HEAP (e.g. 2g) fixes both, as OpenSearch advises.
 */
function opensearchHeap(env) {
  const raw = env.OPENCEN_OPENSEARCH_HEAP;
  if (raw === undefined || raw === '') return { min: '512m', max: '1g' };
  if (!/^[1-9]\d*[mg]$/i.test(raw)) {
    throw new InfraError(`OPENCEN_OPENSEARCH_HEAP=${raw} is not a heap size.`, {
      hint: 'Set OPENCEN_OPENSEARCH_HEAP to a size in MB or GB, for example 768m or 2g.',
    });
  }
  return { min: raw.toLowerCase(), max: raw.toLowerCase() };
}

/**
 * Ports, URLs and directories of the local stack, resolved from the environment. Pure: it reads
 * only `env` (and the location of this repository) and touches nothing.
 */
function stackConfig(env = process.env) {
  const host = '127.0.0.1';
  const opencenDir = path.join(REPO_ROOT, '.opencen');
  const natsPort = portFromEnv(env, 'OPENCEN_NATS_PORT', 4223);
  const natsMonitorPort = portFromEnv(env, 'OPENCEN_NATS_MONITOR_PORT', 8223);
  const mongoPort = portFromEnv(env, 'OPENCEN_MONGO_PORT', 27018);
  const keycloakPort = portFromEnv(env, 'OPENCEN_KEYCLOAK_PORT', 8180);
  const keycloakManagementPort = portFromEnv(env, 'OPENCEN_KEYCLOAK_MANAGEMENT_PORT', 9180);
  const opensearchPort = portFromEnv(env, 'OPENCEN_OPENSEARCH_PORT', 9210);
  const opensearchTransportPort = portFromEnv(env, 'OPENCEN_OPENSEARCH_TRANSPORT_PORT', 9310);
  const mailpitSmtpPort = portFromEnv(env, 'OPENCEN_MAILPIT_SMTP_PORT', 1026);
  const mailpitHttpPort = portFromEnv(env, 'OPENCEN_MAILPIT_HTTP_PORT', 8026);
  if (env.MAILPIT_URL && !env.SMTP_URL) {
    throw new InfraError('MAILPIT_URL is set without SMTP_URL.', {
      hint: 'Set SMTP_URL to the SMTP server of that Mailpit too (or unset MAILPIT_URL to run a local one).',
    });
  }
  const timeoutRaw = env.OPENCEN_START_TIMEOUT;
  const startTimeoutSeconds = timeoutRaw ? Number(timeoutRaw) : 180;
  if (!(startTimeoutSeconds > 0)) {
    throw new InfraError(`OPENCEN_START_TIMEOUT=${timeoutRaw} is not a number of seconds.`);
  }
  const keycloakUrl = (env.KEYCLOAK_URL || `http://${host}:${keycloakPort}`).replace(/\/+$/, '');
  const opensearchUrl = (env.OPENSEARCH_URL || `http://${host}:${opensearchPort}`).replace(
    /\/+$/,
    '',
  );

  const config = {
    host,
    repoRoot: REPO_ROOT,
    cacheDir: cacheRoot(env),
    dataDir: env.OPENCEN_DATA_DIR
      ? path.resolve(env.OPENCEN_DATA_DIR)
      : path.join(opencenDir, 'data'),
    logDir: env.OPENCEN_LOG_DIR ? path.resolve(env.OPENCEN_LOG_DIR) : path.join(opencenDir, 'logs'),
    stateFile: path.join(opencenDir, 'run', 'stack.json'),
    startTimeoutMs: startTimeoutSeconds * 1000,
    nats: {
      external: Boolean(env.NATS_URL),
      url: env.NATS_URL || `nats://${host}:${natsPort}`,
      port: natsPort,
      monitorPort: natsMonitorPort,
      monitorUrl: env.NATS_URL ? null : `http://${host}:${natsMonitorPort}`,
      configFile: path.join(REPO_ROOT, 'infra', 'nats', 'nats-server.conf'),
    },
    mongo: {
      external: Boolean(env.MONGO_URL),
      url: env.MONGO_URL || `mongodb://${host}:${mongoPort}/`,
      port: mongoPort,
    },
    keycloak: {
      external: Boolean(env.KEYCLOAK_URL),
      url: keycloakUrl,
      port: keycloakPort,
      managementPort: keycloakManagementPort,
      realm: REALM,
      realmUrl: `${keycloakUrl}/realms/${REALM}`,
      adminConsoleUrl: `${keycloakUrl}/admin/master/console/`,
      // Local use only: the bootstrap admin of the master realm, recreated at every start.
      admin: { username: 'admin', password: 'admin' },
      realmFile: path.join(REPO_ROOT, 'infra', 'keycloak', `${REALM}-realm.json`),
    },
    search: {
      external: Boolean(env.OPENSEARCH_URL),
      url: opensearchUrl,
      port: opensearchPort,
      transportPort: opensearchTransportPort,
      heap: opensearchHeap(env),
      // Who runs OpenSearch when the runner is root (it refuses root); null: the user `nobody`.
      user: env.OPENCEN_OPENSEARCH_USER || null,
      clusterName: 'opencen-local',
    },
    mail: {
      external: Boolean(env.SMTP_URL),
      url: env.SMTP_URL || `smtp://${host}:${mailpitSmtpPort}`,
      // Mailpit's HTTP API (and web UI), where tests read what was sent; null for an external SMTP
      // server given without MAILPIT_URL.
      mailpitUrl: env.SMTP_URL
        ? (env.MAILPIT_URL || '').replace(/\/+$/, '') || null
        : `http://${host}:${mailpitHttpPort}`,
      smtpPort: mailpitSmtpPort,
      httpPort: mailpitHttpPort,
    },
  };

  const used = new Map();
  for (const [, port, name] of ownPorts(config)) {
    if (used.has(port)) {
      throw new InfraError(`${name} and ${used.get(port)} are both set to port ${port}.`, {
        hint: 'Give each OPENCEN_*_PORT a different value.',
      });
    }
    used.set(port, name);
  }
  return config;
}

/** [part, port, env var] for every port the stack would bind (parts given by URL bind nothing). */
function ownPorts(config, parts = PARTS) {
  const list = [];
  if (parts.includes('nats') && !config.nats.external) {
    list.push(['nats', config.nats.port, 'OPENCEN_NATS_PORT']);
    list.push(['nats', config.nats.monitorPort, 'OPENCEN_NATS_MONITOR_PORT']);
  }
  if (parts.includes('mongo') && !config.mongo.external)
    list.push(['mongo', config.mongo.port, 'OPENCEN_MONGO_PORT']);
  if (parts.includes('keycloak') && !config.keycloak.external) {
    list.push(['keycloak', config.keycloak.port, 'OPENCEN_KEYCLOAK_PORT']);
    list.push(['keycloak', config.keycloak.managementPort, 'OPENCEN_KEYCLOAK_MANAGEMENT_PORT']);
  }
  if (parts.includes('search') && !config.search.external) {
    list.push(['search', config.search.port, 'OPENCEN_OPENSEARCH_PORT']);
    list.push(['search', config.search.transportPort, 'OPENCEN_OPENSEARCH_TRANSPORT_PORT']);
  }
  if (parts.includes('mail') && !config.mail.external) {
    list.push(['mail', config.mail.smtpPort, 'OPENCEN_MAILPIT_SMTP_PORT']);
    list.push(['mail', config.mail.httpPort, 'OPENCEN_MAILPIT_HTTP_PORT']);
  }
  return list;
}

// ---------------------------------------------------------------------------------------------
// Health checks

function hostPort(url, defaultPort) {
  const u = new URL(url);
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port) || defaultPort };
}

const HEALTH = {
  /** JetStream must be up, not just the client port. */
  async nats(part, timeoutMs = 2000) {
    if (part.monitorUrl) {
      const { status } = await httpGet(
        `${part.monitorUrl}/healthz?js-enabled-only=true`,
        timeoutMs,
      );
      if (status !== 200) throw new Error(`healthz answered ${status}`);
      return true;
    }
    const first = part.url.split(',')[0];
    const { host, port } = hostPort(first.includes('://') ? first : `nats://${first}`, 4222);
    return natsPing(host, port, timeoutMs);
  },
  /** A real command round trip: FerretDB answers `ping` only once its backend is open. */
  async mongo(part, timeoutMs = 2000) {
    const url = part.url;
    if (url.startsWith('mongodb+srv://')) return true; // cannot check without resolving SRV records
    const hosts = url
      .replace(/^mongodb:\/\//, '')
      .split('/')[0]
      .split('@')
      .pop();
    const { host, port } = hostPort(`mongodb://${hosts.split(',')[0]}`, 27017);
    if (/[?&](tls|ssl)=true/.test(url)) return tcpOpen(host, port, timeoutMs);
    return mongoPing(host, port, timeoutMs);
  },
  /** The realm is imported and served. */
  async keycloak(part, timeoutMs = 3000) {
    const { status } = await httpGet(
      `${part.url}/realms/${REALM}/.well-known/openid-configuration`,
      timeoutMs,
    );
    if (status !== 200) throw new Error(`openid-configuration answered ${status}`);
    return true;
  },
  /** The cluster answers and its primary shards are allocated (yellow is as good as it gets on one node). */
  async search(part, timeoutMs = 3000) {
    const { status, body } = await httpGet(
      `${part.url}/_cluster/health?wait_for_status=yellow&timeout=1s`,
      timeoutMs,
    );
    if (status !== 200) throw new Error(`_cluster/health answered ${status}`);
    const health = JSON.parse(body).status;
    if (health !== 'green' && health !== 'yellow') throw new Error(`cluster status ${health}`);
    return true;
  },
  /** The SMTP server greets, and Mailpit's API (when there is one) says it is ready. */
  async mail(part, timeoutMs = 2000) {
    const tls = part.url.startsWith('smtps:'); // TLS from the first byte: we cannot read its greeting
    const { host, port } = hostPort(part.url.replace(/^smtps?:/, 'http:'), tls ? 465 : 25);
    if (tls) await tcpOpen(host, port, timeoutMs);
    else await smtpGreeting(host, port, timeoutMs);
    if (!part.mailpitUrl) return true;
    const { status } = await httpGet(`${part.mailpitUrl}/readyz`, timeoutMs);
    if (status !== 200) throw new Error(`readyz answered ${status}`);
    return true;
  },
};

const LABELS = {
  nats: 'nats-server',
  mongo: 'FerretDB',
  keycloak: 'Keycloak',
  search: 'OpenSearch',
  mail: 'Mailpit',
};
const LOG_FILES = {
  nats: 'nats.log',
  mongo: 'ferretdb.log',
  keycloak: 'keycloak.log',
  search: 'opensearch.log',
  mail: 'mailpit.log',
};
const TOOLS = {
  nats: 'nats-server',
  mongo: 'ferretdb',
  keycloak: 'keycloak',
  search: 'opensearch',
  mail: 'mailpit',
};
/** The variable that names an external server for each part. */
const URL_VARIABLES = {
  nats: 'NATS_URL',
  mongo: 'MONGO_URL',
  keycloak: 'KEYCLOAK_URL',
  search: 'OPENSEARCH_URL',
  mail: 'SMTP_URL',
};

// ---------------------------------------------------------------------------------------------
// OpenSearch

/**
 * The config/jvm.options of a local node, from the distribution's: the heap we chose, and the GC
 * log, fatal error logs and heap dumps at absolute paths. The distribution names them relative to
 * the working directory, which its launcher sets to the install (read-only for the user OpenSearch
 * runs as when the runner is root: "Error opening log file 'logs/gc.log': Permission denied").
 * Throws when the file does not have the lines it expects (another OpenSearch version).
 */
function opensearchJvmOptions(text, { heap, logsDir, dataDir }) {
  const expected = [
    /^-Xms\S+$/m,
    /^-Xmx\S+$/m,
    /^-XX:HeapDumpPath=data$/m,
    /^-XX:ErrorFile=logs\//m,
    /file=logs\/gc\.log/,
  ];
  for (const line of expected) {
    if (!line.test(text)) {
      throw new InfraError(`OpenSearch's config/jvm.options has no line matching ${line}.`, {
        hint: 'opensearchJvmOptions in infra/local/stack.js is made for OpenSearch 3.3; check it against the new version.',
      });
    }
  }
  return [
    text
      .replace(/^-Xms\S+$/m, `-Xms${heap.min}`)
      .replace(/^-Xmx\S+$/m, `-Xmx${heap.max}`)
      .replace(/^-XX:HeapDumpPath=data$/m, `-XX:HeapDumpPath=${dataDir}`)
      .replace(/([=:])logs\//g, `$1${logsDir}/`)
      // 4 GC logs of 16 MB, not 32 of 64 MB: a local node needs no weeks of GC history.
      .replace(/filecount=\d+,filesize=\w+/g, 'filecount=4,filesize=16m')
      .trimEnd(),
    '',
    '## OpenCEN local runner',
    // The launcher asks for the whole heap to be touched at start: slower to start, and a resident
    // size of the full heap from the first second, for a node that mostly sits idle.
    '-XX:-AlwaysPreTouch',
    // JDK 24+ warns about jna loading its native library and about sun.misc.Unsafe at every start.
    '24-:--enable-native-access=ALL-UNNAMED',
    '24-:--sun-misc-unsafe-memory-access=allow',
    '',
  ].join('\n');
}

/**
 * Environment for bin/opensearch: the Java we found, its configuration directory, and nothing
 * inherited that could change OpenSearch's configuration behind our back (OPENSEARCH_*, ES_*,
 * JAVA_OPTS and the variables the JVM itself reads).
 */
function opensearchEnv(env, java, extra = {}) {
  const clean = {};
  const dropped = [
    'JAVA_OPTS',
    'JAVA_TOOL_OPTIONS',
    '_JAVA_OPTIONS',
    'JDK_JAVA_OPTIONS',
    'KEYSTORE_PASSWORD',
  ];
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith('OPENSEARCH_') || key.startsWith('ES_') || dropped.includes(key)) continue;
    clean[key] = value;
  }
  return { ...clean, OPENSEARCH_JAVA_HOME: java.home, ...extra };
}

/**
 * Who runs OpenSearch: null (this process's user) unless this process is root, which OpenSearch
 * refuses; then OPENCEN_OPENSEARCH_USER or `nobody`, started through setpriv (which execs, so the
 * process we signal is OpenSearch itself).
 * @returns {Promise<null | { name: string, uid: number, gid: number, setpriv: string }>}
 */
async function opensearchRunAs(config, env) {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const setpriv = which('setpriv', env);
  if (!setpriv) {
    throw new InfraError(
      'OpenSearch refuses to run as root, and `setpriv` (to start it as another user) was not found.',
      {
        hint: 'Install util-linux (`apt-get install util-linux`), or run as a user other than root.',
      },
    );
  }
  const name = config.search.user || 'nobody';
  const id = async (flag) => {
    const { code, stdout } = await run('id', [flag, name], { env }).catch(() => ({ code: 1 }));
    return code === 0 && /^\d+$/.test(stdout.trim()) ? Number(stdout.trim()) : null;
  };
  let [uid, gid] = [await id('-u'), await id('-g')];
  if (uid === null || gid === null) {
    if (config.search.user) {
      throw new InfraError(`OPENCEN_OPENSEARCH_USER=${name}: no such user.`, {
        hint: 'Set it to an existing user other than root (OpenSearch runs as that user).',
      });
    }
    [uid, gid] = [65534, 65534]; // nobody / nogroup where `id` does not know them
  }
  if (uid === 0) {
    throw new InfraError(`OPENCEN_OPENSEARCH_USER=${name} is root, which OpenSearch refuses.`, {
      hint: 'Set it to a user other than root.',
    });
  }
  return { name, uid, gid, setpriv };
}

/** The first directory on the way to `target` (itself included) that the user cannot enter, or null. */
function blockedDirectory(target, { uid, gid }) {
  const dirs = [];
  for (let dir = path.resolve(target); ; dir = path.dirname(dir)) {
    dirs.unshift(dir);
    if (dir === path.dirname(dir)) break;
  }
  for (const dir of dirs) {
    let st;
    try {
      st = fs.statSync(dir);
    } catch {
      return null; // created later, by us
    }
    const bit = st.uid === uid ? 0o100 : st.gid === gid ? 0o010 : 0o001;
    if (!(st.mode & bit)) return dir;
  }
  return null;
}

/**
 * A copy of the install made of hard links (a copy where links are impossible): the user OpenSearch
 * runs as reads it through a path it can enter, while the cache usually lies under root's home,
 * which no one else can enter. Files keep their owner and modes (world-readable, see provisioning).
 */
function linkTree(source, dest) {
  fs.mkdirSync(dest, { recursive: true });
  fs.chmodSync(dest, 0o755);
  for (const entry of fs.readdirSync(source, { withFileTypes: true })) {
    const from = path.join(source, entry.name);
    const to = path.join(dest, entry.name);
    if (entry.isDirectory()) linkTree(from, to);
    else if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
    else {
      try {
        fs.linkSync(from, to);
      } catch (err) {
        if (!['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP'].includes(err.code)) throw err;
        fs.copyFileSync(from, to);
        fs.chmodSync(to, fs.statSync(from).mode & 0o777);
      }
    }
  }
}

/** chown -R, touching only what is not already owned by uid:gid. */
function chownTree(target, uid, gid) {
  const st = fs.lstatSync(target);
  if (st.uid !== uid || st.gid !== gid) fs.lchownSync(target, uid, gid);
  if (st.isDirectory()) {
    for (const entry of fs.readdirSync(target)) chownTree(path.join(target, entry), uid, gid);
  }
}

/**
 * Prepares and starts OpenSearch. Under <data>/opensearch: config/ (the install's, copied afresh at
 * every start so edits to the rewriting apply; OpenSearch also writes its keystore there), data/
 * (kept, like FerretDB's), tmp/ (emptied), and, when the runner is root, home/ (linkTree). Its own
 * logs (server, deprecation, slow logs, GC) go to <logs>/opensearch/.
 */
function launchOpensearch(config, ctx, logFile) {
  const runAs = ctx.searchUser;
  const root = path.join(ctx.dataDir, 'opensearch');
  const dirs = {
    config: path.join(root, 'config'),
    data: path.join(root, 'data'),
    tmp: path.join(root, 'tmp'),
    logs: path.join(config.logDir, 'opensearch'),
  };
  fs.mkdirSync(root, { recursive: true });
  fs.chmodSync(root, 0o755);
  fs.rmSync(dirs.config, { recursive: true, force: true });
  fs.rmSync(dirs.tmp, { recursive: true, force: true });
  fs.cpSync(path.join(ctx.tools.opensearchHome, 'config'), dirs.config, { recursive: true });
  const jvmOptions = path.join(dirs.config, 'jvm.options');
  fs.writeFileSync(
    jvmOptions,
    opensearchJvmOptions(fs.readFileSync(jvmOptions, 'utf8'), {
      heap: config.search.heap,
      logsDir: dirs.logs,
      dataDir: dirs.data,
    }),
  );
  for (const dir of [dirs.data, dirs.tmp, dirs.logs]) fs.mkdirSync(dir, { recursive: true });

  let home = ctx.tools.opensearchHome;
  if (runAs) {
    home = path.join(root, 'home');
    fs.rmSync(home, { recursive: true, force: true });
    linkTree(ctx.tools.opensearchHome, home);
    for (const dir of [dirs.config, dirs.data, dirs.tmp, dirs.logs])
      chownTree(dir, runAs.uid, runAs.gid);
    for (const needed of [path.join(home, 'bin'), dirs.logs, path.join(ctx.java.home, 'bin')]) {
      const blocked = blockedDirectory(needed, runAs);
      if (blocked) {
        throw new InfraError(
          `OpenSearch runs as ${runAs.name} (it refuses root), who cannot enter ${blocked}.`,
          {
            hint:
              'Point OPENCEN_DATA_DIR, OPENCEN_LOG_DIR or JAVA_HOME at a directory other users can enter ' +
              '(not under /root), or set OPENCEN_OPENSEARCH_USER to a user who can enter it.',
          },
        );
      }
    }
  }

  const settings = {
    'cluster.name': config.search.clusterName,
    'node.name': config.search.clusterName,
    'network.host': config.host,
    'http.port': config.search.port,
    'transport.port': config.search.transportPort,
    'discovery.type': 'single-node',
    'path.data': dirs.data,
    'path.logs': dirs.logs,
    // Writes go on however full the disk is: a test run must not turn indexes read-only at 95 %.
    'cluster.routing.allocation.disk.threshold_enabled': false,
  };
  const launcher = path.join(home, 'bin', 'opensearch');
  const args = Object.entries(settings).map(([key, value]) => `-E${key}=${value}`);
  const env = opensearchEnv(process.env, ctx.java, {
    OPENSEARCH_PATH_CONF: dirs.config,
    OPENSEARCH_TMPDIR: dirs.tmp,
  });
  const [command, commandArgs] = runAs
    ? [
        runAs.setpriv,
        [`--reuid=${runAs.uid}`, `--regid=${runAs.gid}`, '--clear-groups', launcher, ...args],
      ]
    : [launcher, args];
  // `command` is what isOurProcess looks for in the command line: the launcher, not setpriv.
  return {
    command: launcher,
    logFile,
    ...spawnGroup(command, commandArgs, { env, cwd: root, logFile, appendLog: ctx.appendLog }),
  };
}

// ---------------------------------------------------------------------------------------------
// Starting each part

function relative(file) {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}

/**
 * Where Keycloak keeps its data (H2), and the realm file to import. A fresh stack (tests) keeps it
 * in memory, and imports the realm afresh. Otherwise (`npm start`, `infra:up`) it is a file under
 * <data>/keycloak, so that users created at run time survive a restart; the realm is imported only
 * into a new database (Keycloak leaves an existing realm as it is), and a realm file changed since
 * then starts a new one, saying so, since its changes would otherwise never apply.
 */
function keycloakDatabase(config, ctx, kcData) {
  const realm = fs.readFileSync(config.keycloak.realmFile);
  const importDir = path.join(kcData, 'import');
  const imported = path.join(kcData, 'realm.sha256');
  const hash = crypto.createHash('sha256').update(realm).digest('hex');
  if (ctx.fresh) {
    fs.rmSync(kcData, { recursive: true, force: true });
  } else if (fs.existsSync(imported) && fs.readFileSync(imported, 'utf8') !== hash) {
    ctx.log(
      `${LABELS.keycloak}: ${relative(config.keycloak.realmFile)} changed since its data was made; ` +
        'starting from the new realm (users created at run time are gone).',
    );
    fs.rmSync(kcData, { recursive: true, force: true });
  }
  fs.mkdirSync(importDir, { recursive: true });
  fs.writeFileSync(path.join(importDir, path.basename(config.keycloak.realmFile)), realm);
  fs.writeFileSync(imported, hash);
  return ctx.fresh
    ? 'jdbc:h2:mem:keycloakdb;NON_KEYWORDS=VALUE'
    : `jdbc:h2:file:${path.join(kcData, 'h2', 'keycloakdb')};NON_KEYWORDS=VALUE`;
}

/** Environment for Mailpit: nothing inherited that could change its configuration (MP_*). */
function mailpitEnv(env) {
  const clean = {};
  for (const [key, value] of Object.entries(env)) if (!key.startsWith('MP_')) clean[key] = value;
  return clean;
}

function launch(part, config, ctx) {
  const logFile = path.join(config.logDir, LOG_FILES[part]);
  const data = ctx.dataDir;
  if (part === 'search') return launchOpensearch(config, ctx, logFile);
  if (part === 'mail') {
    const store = path.join(data, 'mailpit');
    fs.mkdirSync(store, { recursive: true });
    const command = ctx.tools.mailpit;
    const args = [
      `--smtp=${config.host}:${config.mail.smtpPort}`,
      `--listen=${config.host}:${config.mail.httpPort}`,
      `--database=${path.join(store, 'mailpit.db')}`,
      '--disable-version-check', // no call to GitHub at start
      '--smtp-disable-rdns', // no reverse DNS lookup per connection
      // Services configured with an SMTP user and password (as in production) send here unchanged.
      '--smtp-auth-accept-any',
      '--smtp-auth-allow-insecure',
    ];
    return {
      command,
      logFile,
      ...spawnGroup(command, args, {
        env: mailpitEnv(process.env),
        cwd: store,
        logFile,
        appendLog: ctx.appendLog,
      }),
    };
  }
  if (part === 'nats') {
    const store = path.join(data, 'nats');
    fs.mkdirSync(store, { recursive: true });
    const command = ctx.tools.natsServer;
    const args = [
      '--config',
      config.nats.configFile,
      '--addr',
      config.host,
      '--port',
      String(config.nats.port),
      '--http_port',
      String(config.nats.monitorPort),
      '--jetstream',
      '--store_dir',
      store,
    ];
    return {
      command,
      logFile,
      ...spawnGroup(command, args, {
        env: process.env,
        cwd: data,
        logFile,
        appendLog: ctx.appendLog,
      }),
    };
  }
  if (part === 'mongo') {
    const sqlite = path.join(data, 'ferretdb', 'sqlite');
    const state = path.join(data, 'ferretdb', 'state');
    fs.mkdirSync(sqlite, { recursive: true });
    fs.mkdirSync(state, { recursive: true });
    const command = ctx.tools.ferretdb;
    const args = [
      '--handler=sqlite',
      `--sqlite-url=file:${sqlite}/`,
      `--listen-addr=${config.host}:${config.mongo.port}`,
      `--state-dir=${state}`,
      '--debug-addr=-', // no debug HTTP listener (it would take port 8088)
      '--telemetry=disable',
      '--log-format=text',
    ];
    const env = { ...process.env, FERRETDB_TELEMETRY: 'disable', DO_NOT_TRACK: '1' };
    return {
      command,
      logFile,
      ...spawnGroup(command, args, { env, cwd: data, logFile, appendLog: ctx.appendLog }),
    };
  }
  const kcData = path.join(data, 'keycloak');
  const database = keycloakDatabase(config, ctx, kcData);
  const command = path.join(ctx.tools.keycloakHome, 'bin', 'kc.sh');
  const args = [
    'start',
    '--optimized', // build options were baked in at provisioning: no re-augmentation at start
    '--http-enabled=true',
    `--http-host=${config.host}`,
    `--http-port=${config.keycloak.port}`,
    `--http-management-port=${config.keycloak.managementPort}`,
    `--hostname=${config.keycloak.url}`, // a fixed issuer: tokens say iss=${keycloakUrl}/realms/opencen
    '--cache=local', // no cluster discovery
    '--log-console-color=false',
    `--db-url=${database}`,
    // What --import-realm does, but from our per-run directory instead of the shared install's data/.
    `-Dkeycloak.migration.dir=${path.join(kcData, 'import')}`,
    `-Dquarkus.transaction-manager.object-store.directory=${path.join(kcData, 'transaction-logs')}`,
  ];
  const env = keycloakEnv(process.env, ctx.java, {
    KC_BOOTSTRAP_ADMIN_USERNAME: config.keycloak.admin.username,
    KC_BOOTSTRAP_ADMIN_PASSWORD: config.keycloak.admin.password,
  });
  return {
    command,
    logFile,
    ...spawnGroup(command, args, { env, cwd: kcData, logFile, appendLog: ctx.appendLog }),
  };
}

async function waitHealthy(part, config, proc, ctx) {
  const started = Date.now();
  let exit = null;
  proc.exited.then((info) => (exit = info));
  let lastError = null;
  let delay = 100;
  while (Date.now() - started < config.startTimeoutMs) {
    if (ctx.aborted) throw new InfraError(`${LABELS[part]}: start interrupted.`);
    if (exit) {
      const how = exit.error
        ? exit.error.message
        : exit.signal
          ? `signal ${exit.signal}`
          : `exit code ${exit.code}`;
      throw new InfraError(`${LABELS[part]} stopped (${how}) before it was ready.`, {
        hint: `Its log is ${relative(proc.logFile)}.`,
        logTail: tailFile(proc.logFile),
      });
    }
    try {
      if (await HEALTH[part](config[part])) return Date.now() - started;
    } catch (err) {
      lastError = err;
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 500);
  }
  throw new InfraError(
    `${LABELS[part]} was not ready after ${formatDuration(config.startTimeoutMs)}` +
      (lastError ? ` (last check: ${lastError.message}).` : '.'),
    {
      hint: `Its log is ${relative(proc.logFile)}. On a slow machine, raise OPENCEN_START_TIMEOUT (seconds).`,
      logTail: tailFile(proc.logFile),
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Cleanup when this process is interrupted or exits

const liveStacks = new Set();
let signalCount = 0;

function onSignal(signal) {
  signalCount += 1;
  if (signalCount > 1) {
    // Second Ctrl-C: no more patience.
    for (const stack of liveStacks) if (stack.handleSignals) stack.killNow('SIGKILL');
  }
  const mine = [...liveStacks].filter((stack) => stack.handleSignals);
  if (mine.length === 0) return;
  // If nobody else handles this signal, behave as if we had not caught it once we are done.
  const alone = process.listenerCount(signal) === 1;
  Promise.allSettled(mine.map((stack) => stack.stop())).then(() => {
    if (!alone) return;
    uninstallHandlers();
    process.kill(process.pid, signal);
  });
}

function onExit() {
  // Last resort (the process is exiting without having called stop()): the reaper escalates to SIGKILL.
  for (const stack of liveStacks) stack.killNow('SIGTERM');
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let handlersInstalled = false;

function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on('exit', onExit);
}

function uninstallHandlers() {
  if (!handlersInstalled) return;
  handlersInstalled = false;
  for (const signal of SIGNALS) process.removeListener(signal, onSignal);
  process.removeListener('exit', onExit);
}

// ---------------------------------------------------------------------------------------------

/**
 * Starts the parts of the stack that are not given by URL (NATS_URL, MONGO_URL, KEYCLOAK_URL,
 * OPENSEARCH_URL, SMTP_URL), in parallel, and waits until each answers its health check.
 * Until stop() resolves, the processes are also stopped when this process gets SIGINT, SIGTERM or
 * SIGHUP (then the signal takes its default effect unless someone else listens for it), when it
 * exits, and, by a watchdog process, when it dies in any other way.
 * @param {{ parts?: ('nats'|'mongo'|'keycloak'|'search'|'mail')[], fresh?: boolean, log?: (line: string) => void,
 *           env?: NodeJS.ProcessEnv, detach?: boolean, handleSignals?: boolean, signal?: AbortSignal }} [options]
 *   fresh: data in a new temporary directory, removed at stop (tests);
 *   detach: leave the processes running when this process exits and record them in the state file
 *   (what `cli.js up` does; `cli.js down` / stopRunningStack() stops them);
 *   handleSignals: false when the caller handles SIGINT/SIGTERM itself (and then calls stop());
 *   signal: aborting it while the stack is starting stops what has started and rejects (once
 *   started, call stop()).
 * @returns {Promise<{ natsUrl: string, mongoUrl: string, keycloakUrl: string, opensearchUrl: string,
 *   smtpUrl: string, mailpitUrl: string | null, logDir: string, started: string[],
 *   stop: () => Promise<void>,
 *   restart?: (part: string, how?: { kill?: boolean }) => Promise<void> }>}
 *   (`restart` when something was started; not on a detached stack)
 */
async function startStack(options = {}) {
  const env = options.env || process.env;
  const log = options.log || ((line) => process.stderr.write(`${line}\n`));
  const config = stackConfig(env);
  const parts = options.parts ? [...options.parts] : [...PARTS];
  for (const part of parts) {
    if (!PARTS.includes(part))
      throw new InfraError(`Unknown part "${part}"; use ${PARTS.join(', ')}.`);
  }
  const toStart = parts.filter((part) => !config[part].external);
  for (const part of parts.filter((p) => config[p].external)) {
    log(`${LABELS[part]}: using ${redactUrl(config[part].url)} (given by ${URL_VARIABLES[part]})`);
  }

  const result = {
    natsUrl: config.nats.url,
    mongoUrl: config.mongo.url,
    keycloakUrl: config.keycloak.url,
    opensearchUrl: config.search.url,
    smtpUrl: config.mail.url,
    mailpitUrl: config.mail.mailpitUrl,
    logDir: config.logDir,
    started: [],
    stop: async () => {},
  };
  if (toStart.length === 0) return result;

  const ctx = {
    aborted: false,
    fresh: Boolean(options.fresh),
    log,
    tools: toolPaths(env),
    java: null,
    dataDir: config.dataDir,
  };
  // Installs only what is missing (the first run on a fresh clone); silent when all is cached.
  const quiet = (line) => !line.endsWith(': cached') && log(line);
  await provision({ tools: toStart.map((p) => TOOLS[p]), log: quiet, env, dockerCompose: false });
  if (toStart.includes('keycloak') || toStart.includes('search')) ctx.java = await findJava(env);
  if (toStart.includes('search')) ctx.searchUser = await opensearchRunAs(config, env);

  const taken = [];
  for (const [, port, name] of ownPorts(config, toStart)) {
    if (!(await portFree(port, config.host))) taken.push(`${config.host}:${port} (${name})`);
  }
  if (taken.length) {
    throw new InfraError(
      `Port${taken.length > 1 ? 's' : ''} already in use: ${taken.join(', ')}.`,
      {
        hint:
          'Another program (or a stack started with `npm run infra:up`; stop it with `npm run infra:down`) ' +
          'holds it. Stop that program or set the variable named in parentheses to a free port.',
      },
    );
  }

  let tempDir = null;
  if (options.fresh) {
    tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opencen-stack-'));
    // mkdtemp makes it private; the user OpenSearch runs as must enter it (not list it).
    if (ctx.searchUser) fs.chmodSync(tempDir, 0o711);
    ctx.dataDir = tempDir;
  }
  fs.mkdirSync(ctx.dataDir, { recursive: true });
  fs.mkdirSync(config.logDir, { recursive: true });

  const reaper = new Reaper();
  if (tempDir) reaper.removeOnDeath(tempDir);
  const procs = new Map();
  let stopping = null;

  const stack = {
    killNow(signal) {
      for (const proc of procs.values()) signalGroup(proc.pgid, signal);
    },
    stop() {
      if (!stopping) {
        stopping = (async () => {
          ctx.aborted = true;
          const names = [...procs.keys()];
          // A part that never became ready has nothing to save: do not wait for it to finish booting
          // (Keycloak defers SIGTERM until its start completes).
          await Promise.all(
            names.map((part) =>
              stopGroup(procs.get(part).pgid, procs.get(part).ready ? 15000 : 2000),
            ),
          );
          for (const part of names) reaper.forget(procs.get(part).pgid);
          if (tempDir) fs.rmSync(tempDir, { recursive: true, force: true });
          reaper.release();
          liveStacks.delete(stack);
          if (liveStacks.size === 0) uninstallHandlers();
          if (names.length) log(`Stopped ${names.map((p) => LABELS[p]).join(', ')}.`);
        })();
      }
      return stopping;
    },
  };
  liveStacks.add(stack);
  stack.handleSignals = options.handleSignals !== false;
  installHandlers();
  const onAbort = () => stack.stop();
  if (options.signal) {
    if (options.signal.aborted) ctx.aborted = true;
    options.signal.addEventListener('abort', onAbort, { once: true });
  }

  try {
    await Promise.all(
      toStart.map(async (part) => {
        const proc = launch(part, config, ctx);
        procs.set(part, proc);
        reaper.watch(proc.pgid);
        log(`${LABELS[part]}: starting on ${config[part].url} (log: ${relative(proc.logFile)})`);
        const took = await waitHealthy(part, config, proc, ctx);
        proc.ready = true;
        log(`${LABELS[part]}: ready in ${formatDuration(took)}`);
      }),
    );
  } catch (err) {
    ctx.aborted = true;
    await stack.stop();
    throw err;
  }

  if (options.signal) options.signal.removeEventListener('abort', onAbort);
  result.started = toStart;
  result.stop = () => stack.stop();
  /**
   * Stops one part this stack started (SIGTERM, or SIGKILL with `kill`: a crash) and starts it again
   * on the same data, as an operator or an orchestrator would; resolves once it answers its health
   * check again. For the fault-injection tests (tests/faults).
   * @param {'nats'|'mongo'|'keycloak'|'search'|'mail'} part
   * @param {{ kill?: boolean }} [how]
   */
  result.restart = async (part, { kill = false } = {}) => {
    const proc = procs.get(part);
    if (!proc) throw new InfraError(`${LABELS[part] ?? part} was not started by this stack.`);
    if (kill) {
      signalGroup(proc.pgid, 'SIGKILL');
      for (let i = 0; i < 100 && groupAlive(proc.pgid); i++) await sleep(100);
    } else {
      await stopGroup(proc.pgid, 15000);
    }
    reaper.forget(proc.pgid);
    const next = launch(part, config, { ...ctx, appendLog: true });
    procs.set(part, next);
    reaper.watch(next.pgid);
    log(`${LABELS[part]}: ${kill ? 'killed' : 'stopped'}, starting again`);
    const took = await waitHealthy(part, config, next, ctx);
    next.ready = true;
    log(`${LABELS[part]}: ready again in ${formatDuration(took)}`);
  };

  if (options.detach) {
    const state = {
      startedAt: new Date().toISOString(),
      natsUrl: config.nats.url,
      mongoUrl: config.mongo.url,
      keycloakUrl: config.keycloak.url,
      opensearchUrl: config.search.url,
      smtpUrl: config.mail.url,
      mailpitUrl: config.mail.mailpitUrl,
      logDir: config.logDir,
      dataDir: ctx.dataDir,
      tempDir,
      parts: {},
    };
    for (const part of parts) {
      const proc = procs.get(part);
      state.parts[part] = proc
        ? { ...config[part], pid: proc.pid, pgid: proc.pgid, command: proc.command }
        : { external: true, url: config[part].url, mailpitUrl: config[part].mailpitUrl };
    }
    fs.mkdirSync(path.dirname(config.stateFile), { recursive: true });
    fs.writeFileSync(config.stateFile, `${JSON.stringify(state, null, 2)}\n`);
    for (const proc of procs.values()) reaper.forget(proc.pgid);
    reaper.release();
    liveStacks.delete(stack);
    if (liveStacks.size === 0) uninstallHandlers();
    result.stop = () => stopRunningStack({ env, log });
    delete result.restart; // the processes are no longer this process's to restart
  }
  return result;
}

function readState(config) {
  try {
    return JSON.parse(fs.readFileSync(config.stateFile, 'utf8'));
  } catch {
    return null;
  }
}

/** True when the recorded process still exists and is still the program we started (not a reused pid). */
function isOurProcess(part) {
  if (!groupAlive(part.pgid)) return false;
  const cmd = commandLine(part.pid);
  return cmd === null || cmd.includes(path.basename(part.command));
}

/**
 * The stack started by `cli.js up` in another process, if its state file exists, records every part
 * (a stack started before OpenSearch or Mailpit was one of them does not) and every part answers its
 * health check; otherwise null.
 * @returns {Promise<null | { natsUrl: string, mongoUrl: string, keycloakUrl: string,
 *   opensearchUrl: string, smtpUrl: string, mailpitUrl: string | null, logDir: string,
 *   pids: Record<string, number>, startedAt: string }>}
 */
async function readRunningStack(options = {}) {
  const config = stackConfig(options.env || process.env);
  const state = readState(config);
  if (!state || !state.parts) return null;
  if (!PARTS.every((part) => state.parts[part])) return null;
  const checks = Object.entries(state.parts).map(async ([part, info]) => {
    if (!info.external && !isOurProcess(info)) return false;
    try {
      return Boolean(await HEALTH[part](info));
    } catch {
      return false;
    }
  });
  if (!(await Promise.all(checks)).every(Boolean)) return null;
  const pids = {};
  for (const [part, info] of Object.entries(state.parts)) if (!info.external) pids[part] = info.pid;
  return {
    natsUrl: state.natsUrl,
    mongoUrl: state.mongoUrl,
    keycloakUrl: state.keycloakUrl,
    opensearchUrl: state.opensearchUrl,
    smtpUrl: state.smtpUrl,
    mailpitUrl: state.mailpitUrl,
    logDir: state.logDir,
    pids,
    startedAt: state.startedAt,
  };
}

/**
 * Stops the stack recorded in the state file (started by `cli.js up`) and removes the file.
 * @returns {Promise<string[]>} the parts that were running and are now stopped
 */
async function stopRunningStack(options = {}) {
  const config = stackConfig(options.env || process.env);
  const log = options.log || ((line) => process.stderr.write(`${line}\n`));
  const state = readState(config);
  if (!state) return [];
  const stopped = [];
  await Promise.all(
    Object.entries(state.parts || {}).map(async ([part, info]) => {
      if (info.external) return;
      if (!isOurProcess(info)) return;
      const how = await stopGroup(info.pgid);
      stopped.push(part);
      log(`${LABELS[part]} (pid ${info.pid}): ${how}`);
    }),
  );
  if (state.tempDir) fs.rmSync(state.tempDir, { recursive: true, force: true });
  fs.rmSync(config.stateFile, { force: true });
  return PARTS.filter((p) => stopped.includes(p));
}

module.exports = {
  startStack,
  stackConfig,
  keycloakDatabase,
  opensearchJvmOptions,
  opensearchEnv,
  mailpitEnv,
  readRunningStack,
  stopRunningStack,
  provision,
  PARTS,
  LABELS,
};
