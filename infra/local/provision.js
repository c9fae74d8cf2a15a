'use strict';
// Installs pinned versions of nats-server, FerretDB, Keycloak, OpenSearch, Mailpit, schemathesis, helm and
// kubernetes-validate (and, where a docker client exists, the docker compose plugin) into a per-user cache keyed by version. Idempotent: a second run only checks
// that the installs are there. Every install is built in a temporary directory and renamed into place
// once complete, so an interrupted run never leaves something that looks installed.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { InfraError, run, runChecked, which, formatDuration } = require('./lib/util');

const VERSIONS = Object.freeze({
  natsServer: 'v2.12.15',
  ferretdb: 'v1.24.2',
  keycloak: '26.5.6',
  opensearch: '3.3.2',
  mailpit: 'v1.33.1',
  dockerCompose: 'v2.40.3',
  schemathesis: '4.32.5',
  // The Helm charts' checks (infra/helm): helm itself, and the Kubernetes API's JSON Schemas of
  // every release from 1.25 on, bundled in kubernetes-validate (nothing fetched at validation time).
  helm: 'v3.21.4',
  kubernetesValidate: '1.37.0',
});

// Keycloak's build-time options, baked in once by `kc.sh build` so that `kc.sh start --optimized`
// never re-augments. The runner passes only runtime options: the H2 database's URL, a file under
// the stack's data for `npm start` and `infra:up`, memory for a fresh (test) stack. Changing this
// list re-provisions Keycloak.
const KEYCLOAK_BUILD_OPTIONS = Object.freeze(['--db=dev-file', '--health-enabled=true']);

const MIN_JAVA = 21;

/**
 * OpenSearch's integ-test distribution is the bare server (no plugins, and of the modules only the
 * transports). The modules added to it, each a jar from Maven Central and a descriptor we write:
 * analysis-common brings the language analyzers (arabic, russian, french...), the tokenizers and the
 * token filters that the services' index mappings use. The install directory's marker lists them,
 * so a change here reinstalls OpenSearch.
 */
const OPENSEARCH_MODULES = Object.freeze([
  Object.freeze({
    name: 'analysis-common',
    artifact: 'org.opensearch.plugin:analysis-common',
    classname: 'org.opensearch.analysis.common.CommonAnalysisModulePlugin',
    description: 'Adds analyzers, tokenizers and token filters (the language analyzers among them)',
  }),
]);

/**
 * The plugin-descriptor.properties of a module added to OpenSearch. No extended plugins: the
 * distribution has no lang-painless for analysis-common to extend (its scripted token filters are
 * then unavailable, nothing else is).
 */
function opensearchModuleDescriptor(module, version = VERSIONS.opensearch) {
  return [
    `description=${module.description}`,
    `version=${version}`,
    `name=${module.name}`,
    `classname=${module.classname}`,
    `java.version=${MIN_JAVA}`,
    `opensearch.version=${version}`,
    'custom.foldername=',
    'extended.plugins=',
    'has.native.controller=false',
    '',
  ].join('\n');
}

/**
 * The changes made to FerretDB's source before it is built, so that a read, update or delete by
 * `_id` reads one row instead of the whole table (FerretDB 1.x gets no more fixes):
 *
 * - FerretDB 1.24 creates each collection's `_id` index on `_ferretdb_sjson->"_id"` but filters on
 *   `_ferretdb_sjson->'$._id'`; SQLite matches index expressions as written, so it never used that
 *   index. Both mean the same JSON value: filtering on the indexed one lets SQLite use it, in every
 *   database old or new.
 * - It hands the `_id` condition to SQLite only when the filter has nothing else, so a versioned
 *   update (`{ _id, version }`) or `{ _id, status }` scanned the table. Its handlers filter every
 *   document they read against the whole filter again (and push a limit down only without a
 *   filter), so narrowing by `_id` first whenever the filter has one changes no result.
 *
 * The install directory carries `FERRETDB_PATCH.id`, so a change here rebuilds it.
 */
const FERRETDB_PATCH = Object.freeze({
  id: 'id-index-2',
  changes: Object.freeze([
    {
      file: 'internal/backends/sqlite/metadata/metadata.go',
      from: `IDColumn = DefaultColumn + "->'$._id'"`,
      to: `IDColumn = DefaultColumn + \`->"_id"\``,
      count: 1,
    },
    {
      // In Query and in Explain.
      file: 'internal/backends/sqlite/collection.go',
      from: 'if params.Filter.Len() == 1 {',
      to: 'if params.Filter.Len() >= 1 {',
      count: 2,
    },
  ]),
});

const FERRETDB_DIR = `ferretdb-${VERSIONS.ferretdb}-${FERRETDB_PATCH.id}`;

/** `source` (the content of `change.file`) with one change applied; throws when it does not fit. */
function patchFerretdbSource(change, source) {
  const found = source.split(change.from).length - 1;
  if (found !== change.count) {
    throw new InfraError(
      `FerretDB ${VERSIONS.ferretdb}: ${change.file} has ${found} of "${change.from}", not ${change.count}.`,
      {
        hint: 'FERRETDB_PATCH in infra/local/provision.js is made for FerretDB v1.24.2; check it against the new version.',
      },
    );
  }
  return source.split(change.from).join(change.to);
}

const MARKER = '.opencen-install.json';

/** Root of the per-user cache: OPENCEN_CACHE_DIR, else ${XDG_CACHE_HOME:-~/.cache}/opencen. */
function cacheRoot(env = process.env) {
  if (env.OPENCEN_CACHE_DIR) return path.resolve(env.OPENCEN_CACHE_DIR);
  const base = env.XDG_CACHE_HOME || path.join(env.HOME || os.homedir(), '.cache');
  return path.join(path.resolve(base), 'opencen');
}

/** Where each tool lives once installed (whether or not it is installed yet). */
function toolPaths(env = process.env) {
  const root = cacheRoot(env);
  return {
    cacheDir: root,
    natsServer: path.join(root, `nats-server-${VERSIONS.natsServer}`, 'bin', 'nats-server'),
    ferretdb: path.join(root, FERRETDB_DIR, 'bin', 'ferretdb'),
    keycloakHome: path.join(root, `keycloak-${VERSIONS.keycloak}`),
    opensearchHome: path.join(root, `opensearch-${VERSIONS.opensearch}`),
    mailpit: path.join(root, `mailpit-${VERSIONS.mailpit}`, 'bin', 'mailpit'),
    dockerCompose: path.join(
      root,
      `docker-compose-${VERSIONS.dockerCompose}`,
      'cli-plugins',
      'docker-compose',
    ),
    // A PYTHONPATH for `python3 -m schemathesis.cli`; the marker says whether it is installed.
    schemathesis: {
      pythonPath: path.join(root, `schemathesis-${VERSIONS.schemathesis}`, 'lib'),
      marker: path.join(root, `schemathesis-${VERSIONS.schemathesis}`, MARKER),
    },
    helm: path.join(root, `helm-${VERSIONS.helm}`, 'bin', 'helm'),
    // A PYTHONPATH for `python3 -m kubernetes_validate` (and for infra/helm's own driver of it).
    kubernetesValidate: {
      pythonPath: path.join(root, `kubernetes-validate-${VERSIONS.kubernetesValidate}`, 'lib'),
      marker: path.join(root, `kubernetes-validate-${VERSIONS.kubernetesValidate}`, MARKER),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Prerequisites

function javaMajor(version) {
  const m = /^(\d+)(?:\.(\d+))?/.exec(String(version).trim());
  if (!m) return 0;
  return m[1] === '1' && m[2] ? Number(m[2]) : Number(m[1]);
}

function releaseJavaVersion(home) {
  try {
    const text = fs.readFileSync(path.join(home, 'release'), 'utf8');
    const m = /^JAVA_VERSION="?([^"\n]+)"?/m.exec(text);
    return m ? m[1] : null;
  } catch {
    return null;
  }
}

async function probeJava(home) {
  const java = path.join(home, 'bin', 'java');
  if (!fs.existsSync(java)) return null;
  let version = releaseJavaVersion(home);
  if (!version) {
    const { stderr, stdout } = await run(java, ['-version']).catch(() => ({
      stderr: '',
      stdout: '',
    }));
    const m = /version "([^"]+)"/.exec(stderr + stdout);
    version = m ? m[1] : null;
  }
  return version ? { home, version, major: javaMajor(version) } : null;
}

/**
 * Finds a Java 21+ runtime for Keycloak and OpenSearch: JAVA_HOME, then `java` on PATH, then the JDKs installed
 * under /usr/lib/jvm (or macOS's JavaVirtualMachines), the newest first.
 * @returns {Promise<{ home: string, version: string, major: number, source: string }>}
 */
async function findJava(env = process.env) {
  const seen = [];
  const consider = async (home, source) => {
    const found = home && (await probeJava(home));
    if (!found) return null;
    seen.push(`${found.version} (${source}: ${home})`);
    return found.major >= MIN_JAVA ? { ...found, source } : null;
  };

  const fromEnv = await consider(env.JAVA_HOME, 'JAVA_HOME');
  if (fromEnv) return fromEnv;

  const onPath = which('java', env);
  if (onPath) {
    const real = fs.realpathSync(onPath);
    const found = await consider(path.dirname(path.dirname(real)), 'java on PATH');
    if (found) return found;
  }

  const roots = ['/usr/lib/jvm', '/Library/Java/JavaVirtualMachines'];
  const homes = [];
  for (const root of roots) {
    let entries = [];
    try {
      entries = fs.readdirSync(root);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const home = root.startsWith('/Library')
        ? path.join(root, entry, 'Contents', 'Home')
        : path.join(root, entry);
      const version = releaseJavaVersion(home);
      if (version) homes.push({ home, major: javaMajor(version) });
    }
  }
  homes.sort((a, b) => b.major - a.major);
  for (const { home } of homes) {
    const found = await consider(home, 'installed JDK');
    if (found) return found;
  }

  throw new InfraError(
    `Keycloak ${VERSIONS.keycloak} and OpenSearch ${VERSIONS.opensearch} need Java ${MIN_JAVA} or newer, and none was found.`,
    {
      hint:
        (seen.length ? `Found only: ${[...new Set(seen)].join('; ')}.\n` : '') +
        'Install one (for example `apt-get install openjdk-21-jdk-headless`, or a Temurin 21+ JDK) ' +
        'and/or point JAVA_HOME at it.',
    },
  );
}

async function requireCommand(name, purpose, hint, env) {
  const found = which(name, env);
  if (!found)
    throw new InfraError(`\`${name}\` is required to ${purpose} but was not found on PATH.`, {
      hint,
    });
  return found;
}

// ---------------------------------------------------------------------------------------------
// Atomic installs

function readMarker(dir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8'));
  } catch {
    return null;
  }
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Removes temporary build directories left by interrupted runs (their owner process is gone). */
function cleanStaleTemps(root) {
  let entries = [];
  try {
    entries = fs.readdirSync(root);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (!entry.startsWith('.tmp-') && !entry.includes('.old-')) continue;
    const dir = path.join(root, entry);
    let owner = 0;
    try {
      owner = Number(fs.readFileSync(path.join(dir, '.owner-pid'), 'utf8'));
    } catch {
      // no owner file: interrupted before it was written, or an .old- leftover
    }
    if (owner && owner !== process.pid && pidAlive(owner)) continue;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Build into `<root>/.tmp-<name>-XXXX`, write the marker, then rename to `<root>/<name>`. */
async function installAtomically(root, name, marker, build) {
  const final = path.join(root, name);
  const tmp = fs.mkdtempSync(path.join(root, `.tmp-${name}-`));
  fs.writeFileSync(path.join(tmp, '.owner-pid'), String(process.pid));
  try {
    await build(tmp);
    fs.rmSync(path.join(tmp, '.owner-pid'), { force: true });
    fs.chmodSync(tmp, 0o755); // mkdtemp makes it private
    fs.writeFileSync(
      path.join(tmp, MARKER),
      JSON.stringify({ ...marker, installedAt: new Date().toISOString() }, null, 2),
    );
    if (fs.existsSync(final)) {
      // An incomplete or outdated install (e.g. other Keycloak build options): swap it out.
      const old = `${final}.old-${process.pid}`;
      fs.renameSync(final, old);
      fs.renameSync(tmp, final);
      fs.rmSync(old, { recursive: true, force: true });
    } else {
      try {
        fs.renameSync(tmp, final);
      } catch (err) {
        // Another provisioning run finished the same install first: keep theirs.
        if (!['ENOTEMPTY', 'EEXIST'].includes(err.code) || !readMarker(final)) throw err;
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    }
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
}

function goEnv(env, extra = {}) {
  // GOFLAGS/GOWORK from the user's shell could switch on vendoring or a workspace; builds here are
  // standalone, static (no C compiler needed) and not stamped with VCS data.
  return { ...env, GOFLAGS: '-buildvcs=false', GOWORK: 'off', CGO_ENABLED: '0', ...extra };
}

/** Copies a module from Go's module cache into a writable build directory. */
async function goModuleSource(modulePath, version, dest, env) {
  const { stdout } = await runChecked(
    'go',
    ['mod', 'download', '-json', `${modulePath}@${version}`],
    {
      cwd: path.dirname(dest),
      env: goEnv(env),
    },
  );
  const { Dir: dir, Error: error } = JSON.parse(stdout);
  if (error || !dir)
    throw new InfraError(`go mod download ${modulePath}@${version} failed: ${error || 'no Dir'}`);
  fs.cpSync(dir, dest, { recursive: true });
  makeWritable(dest);
}

/**
 * Makes an install readable by every user (directories 755, files 644, `bin/*` 755): OpenSearch
 * refuses to run as root, so a root runner starts it as another user, who reads the install.
 */
function makeWorldReadable(root) {
  const bin = path.join(root, 'bin');
  const walk = (dir) => {
    fs.chmodSync(dir, 0o755);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile()) fs.chmodSync(p, dir === bin ? 0o755 : 0o644);
    }
  };
  walk(root);
}

/**
 * How to unpack a zip here: `unzip`, else Python's zipfile module, else the JDK's `jar`; null when
 * none exists. Each unpacks `archive` into the existing directory `dest`.
 */
function unzipCommand(env, java) {
  const unzip = which('unzip', env);
  if (unzip)
    return { label: 'unzip', args: (archive, dest) => [unzip, ['-q', archive, '-d', dest], {}] };
  const python = which('python3', env);
  if (python)
    return {
      label: 'python3 -m zipfile',
      args: (archive, dest) => [python, ['-m', 'zipfile', '-e', archive, dest], {}],
    };
  const jar = java && path.join(java.home, 'bin', 'jar');
  if (jar && fs.existsSync(jar))
    return { label: 'jar', args: (archive, dest) => [jar, ['xf', archive], { cwd: dest }] };
  return null;
}

function makeWritable(dir) {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(p);
    else if (entry.isFile()) fs.chmodSync(p, 0o644);
  }
}

// ---------------------------------------------------------------------------------------------
// Tools

const GO_HINT =
  'Install Go 1.26 or newer (nats-server and FerretDB build with 1.24, Mailpit needs 1.26) (for example `apt-get install golang-go` where your distribution ships a recent ' +
  'one, or the official Go tarball) and make sure `go` is on PATH.';

/** The Go release Mailpit's go.mod asks for (`go 1.26.0`): older ones cannot build it. */
const MAILPIT_MIN_GO = '1.26';

const TOOLS = {
  'nats-server': {
    label: `nats-server ${VERSIONS.natsServer}`,
    dir: `nats-server-${VERSIONS.natsServer}`,
    binary: 'bin/nats-server',
    estimate: 'about 15 s',
    async prerequisites(env) {
      await requireCommand('go', 'build nats-server', GO_HINT, env);
    },
    async install(tmp, ctx) {
      await runChecked(
        'go',
        ['install', `github.com/nats-io/nats-server/v2@${VERSIONS.natsServer}`],
        { cwd: tmp, env: goEnv(ctx.env, { GOBIN: path.join(tmp, 'bin') }) },
        `go install nats-server@${VERSIONS.natsServer}`,
      );
    },
  },

  ferretdb: {
    label: `FerretDB ${VERSIONS.ferretdb} (${FERRETDB_PATCH.id})`,
    dir: FERRETDB_DIR,
    binary: 'bin/ferretdb',
    estimate: 'about 1 min',
    async prerequisites(env) {
      await requireCommand('go', 'build FerretDB', GO_HINT, env);
    },
    async install(tmp, ctx) {
      // `go install` would build a binary that panics at start: FerretDB embeds
      // build/version/version.txt, which its release process writes and the module does not contain.
      const src = path.join(tmp, 'src');
      await goModuleSource('github.com/FerretDB/FerretDB', VERSIONS.ferretdb, src, ctx.env);
      fs.mkdirSync(path.join(src, 'build', 'version'), { recursive: true });
      fs.writeFileSync(path.join(src, 'build', 'version', 'version.txt'), `${VERSIONS.ferretdb}\n`);
      for (const change of FERRETDB_PATCH.changes) {
        const file = path.join(src, change.file);
        fs.chmodSync(file, 0o644);
        fs.writeFileSync(file, patchFerretdbSource(change, fs.readFileSync(file, 'utf8')));
      }
      await runChecked(
        'go',
        ['build', '-trimpath', '-o', path.join(tmp, 'bin', 'ferretdb'), './cmd/ferretdb'],
        { cwd: src, env: goEnv(ctx.env) },
        `go build FerretDB ${VERSIONS.ferretdb}`,
      );
      fs.rmSync(src, { recursive: true, force: true });
    },
  },

  mailpit: {
    label: `Mailpit ${VERSIONS.mailpit}`,
    dir: `mailpit-${VERSIONS.mailpit}`,
    binary: 'bin/mailpit',
    estimate: 'about 1 min',
    async prerequisites(env) {
      await requireCommand('go', 'build Mailpit', GO_HINT, env);
    },
    async install(tmp, ctx) {
      // The module has the server, the API and the web UI's page, not the UI's script and styles
      // (server/ui/dist, built by npm in Mailpit's release process): the UI page stays blank, the
      // API and SMTP are complete. The version is stamped as the release does (the API reports it).
      try {
        await runChecked(
          'go',
          [
            'install',
            '-trimpath',
            '-ldflags',
            `-s -w -X github.com/axllent/mailpit/config.Version=${VERSIONS.mailpit}`,
            `github.com/axllent/mailpit@${VERSIONS.mailpit}`,
          ],
          { cwd: tmp, env: goEnv(ctx.env, { GOBIN: path.join(tmp, 'bin') }) },
          `go install mailpit@${VERSIONS.mailpit}`,
        );
      } catch (err) {
        if (!(err instanceof InfraError)) throw err;
        err.hint =
          `Mailpit ${VERSIONS.mailpit} needs Go ${MAILPIT_MIN_GO} or newer (\`go version\` says which you have). ` +
          'Update Go, or let it fetch that toolchain from the Go module proxy: ' +
          `\`GOTOOLCHAIN=go${MAILPIT_MIN_GO}.0+auto npm run provision\`. ` +
          'Or give a Mailpit of your own with SMTP_URL and MAILPIT_URL.';
        throw err;
      }
    },
  },

  keycloak: {
    label: `Keycloak ${VERSIONS.keycloak}`,
    dir: `keycloak-${VERSIONS.keycloak}`,
    binary: 'bin/kc.sh',
    estimate: 'about 40 s',
    options: KEYCLOAK_BUILD_OPTIONS,
    async prerequisites(env, ctx) {
      await requireCommand(
        'mvn',
        `download Keycloak ${VERSIONS.keycloak}`,
        'Install Maven: `apt-get install maven`.',
        env,
      );
      await requireCommand('tar', 'unpack Keycloak', 'Install tar: `apt-get install tar`.', env);
      ctx.java = await findJava(env);
    },
    async install(tmp, ctx) {
      const download = path.join(tmp, 'download');
      await runChecked(
        'mvn',
        [
          '-q',
          '-B',
          'dependency:copy',
          `-Dartifact=org.keycloak:keycloak-quarkus-dist:${VERSIONS.keycloak}:tar.gz`,
          `-DoutputDirectory=${download}`,
        ],
        { cwd: tmp, env: ctx.env },
        `mvn dependency:copy keycloak-quarkus-dist ${VERSIONS.keycloak}`,
      );
      const archive = path.join(download, `keycloak-quarkus-dist-${VERSIONS.keycloak}.tar.gz`);
      await runChecked(
        'tar',
        ['-xzf', archive, '-C', tmp, '--strip-components=1'],
        {},
        'tar (unpacking Keycloak)',
      );
      fs.rmSync(download, { recursive: true, force: true });
      await runChecked(
        path.join(tmp, 'bin', 'kc.sh'),
        ['build', ...KEYCLOAK_BUILD_OPTIONS],
        { cwd: tmp, env: keycloakEnv(ctx.env, ctx.java) },
        'kc.sh build',
      );
    },
  },

  opensearch: {
    label: `OpenSearch ${VERSIONS.opensearch}`,
    dir: `opensearch-${VERSIONS.opensearch}`,
    binary: 'bin/opensearch',
    estimate: 'about 30 s',
    options: OPENSEARCH_MODULES.map((m) => `module:${m.name}`),
    async prerequisites(env, ctx) {
      await requireCommand(
        'mvn',
        `download OpenSearch ${VERSIONS.opensearch}`,
        'Install Maven: `apt-get install maven`.',
        env,
      );
      ctx.java ??= await findJava(env);
      if (!unzipCommand(env, ctx.java)) {
        throw new InfraError(
          'Unpacking OpenSearch needs `unzip`, `python3` or the JDK tool `jar`, and none was found.',
          { hint: 'Install unzip: `apt-get install unzip`.' },
        );
      }
    },
    async install(tmp, ctx) {
      const download = path.join(tmp, 'download');
      const mvnCopy = (artifact, what) =>
        runChecked(
          'mvn',
          [
            '-q',
            '-B',
            'dependency:copy',
            `-Dartifact=${artifact}`,
            `-DoutputDirectory=${download}`,
          ],
          { cwd: tmp, env: ctx.env },
          `mvn dependency:copy ${what}`,
        );
      await mvnCopy(
        `org.opensearch.distribution.integ-test-zip:opensearch:${VERSIONS.opensearch}:zip`,
        `OpenSearch ${VERSIONS.opensearch}`,
      );
      for (const module of OPENSEARCH_MODULES)
        await mvnCopy(`${module.artifact}:${VERSIONS.opensearch}`, module.name);

      // The zip holds one top-level directory, opensearch-<version>/: unpack aside, move its content up.
      const unpack = path.join(tmp, 'unpack');
      fs.mkdirSync(unpack);
      const unzip = unzipCommand(ctx.env, ctx.java);
      const [command, args, options] = unzip.args(
        path.join(download, `opensearch-${VERSIONS.opensearch}.zip`),
        unpack,
      );
      await runChecked(command, args, options, `${unzip.label} (unpacking OpenSearch)`);
      const top = path.join(unpack, `opensearch-${VERSIONS.opensearch}`);
      for (const entry of fs.readdirSync(top))
        fs.renameSync(path.join(top, entry), path.join(tmp, entry));

      for (const module of OPENSEARCH_MODULES) {
        const dir = path.join(tmp, 'modules', module.name);
        fs.mkdirSync(dir, { recursive: true });
        const jar = `${module.name}-${VERSIONS.opensearch}.jar`;
        fs.renameSync(path.join(download, jar), path.join(dir, jar));
        fs.writeFileSync(
          path.join(dir, 'plugin-descriptor.properties'),
          opensearchModuleDescriptor(module),
        );
      }
      fs.rmSync(unpack, { recursive: true, force: true });
      fs.rmSync(download, { recursive: true, force: true });
      makeWorldReadable(tmp);
    },
  },

  schemathesis: {
    label: `schemathesis ${VERSIONS.schemathesis}`,
    dir: `schemathesis-${VERSIONS.schemathesis}`,
    binary: 'lib/schemathesis/cli/__main__.py',
    estimate: 'about 1 min',
    async prerequisites(env) {
      await requireCommand(
        'python3',
        'install schemathesis (the API fuzzer of the api-fuzz tests)',
        'Install Python 3.10 or newer with pip (for example `apt-get install python3 python3-pip`).',
        env,
      );
    },
    async install(tmp, ctx) {
      // Into a plain directory run through PYTHONPATH rather than a virtualenv: a virtualenv's
      // scripts name its absolute path, which the atomic rename into place would break.
      await runChecked(
        'python3',
        [
          ...['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input'],
          ...['--target', path.join(tmp, 'lib'), `schemathesis==${VERSIONS.schemathesis}`],
        ],
        { cwd: tmp, env: ctx.env },
        `pip install schemathesis==${VERSIONS.schemathesis}`,
      );
    },
  },

  helm: {
    label: `helm ${VERSIONS.helm}`,
    dir: `helm-${VERSIONS.helm}`,
    binary: 'bin/helm',
    estimate: 'about 3-10 min',
    async prerequisites(env) {
      await requireCommand('go', "build helm (the Helm charts' checks)", GO_HINT, env);
    },
    async install(tmp, ctx) {
      // Stamped with its version as the release is (`helm version` and the charts' kubeVersion
      // checks read it).
      await runChecked(
        'go',
        [
          'install',
          '-trimpath',
          '-ldflags',
          `-s -w -X helm.sh/helm/v3/internal/version.version=${VERSIONS.helm}`,
          `helm.sh/helm/v3/cmd/helm@${VERSIONS.helm}`,
        ],
        { cwd: tmp, env: goEnv(ctx.env, { GOBIN: path.join(tmp, 'bin') }) },
        `go install helm@${VERSIONS.helm}`,
      );
    },
  },

  'kubernetes-validate': {
    label: `kubernetes-validate ${VERSIONS.kubernetesValidate}`,
    dir: `kubernetes-validate-${VERSIONS.kubernetesValidate}`,
    binary: 'lib/kubernetes_validate/utils.py',
    estimate: 'about 20 s',
    async prerequisites(env) {
      await requireCommand(
        'python3',
        'install kubernetes-validate (the Kubernetes API schemas the Helm charts are checked against)',
        'Install Python 3.10 or newer with pip (for example `apt-get install python3 python3-pip`).',
        env,
      );
    },
    async install(tmp, ctx) {
      // Like schemathesis: a plain directory on PYTHONPATH, which survives the rename into place.
      await runChecked(
        'python3',
        [
          ...['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input'],
          ...[
            '--target',
            path.join(tmp, 'lib'),
            `kubernetes-validate==${VERSIONS.kubernetesValidate}`,
          ],
        ],
        { cwd: tmp, env: ctx.env },
        `pip install kubernetes-validate==${VERSIONS.kubernetesValidate}`,
      );
    },
  },

  'docker-compose': {
    label: `docker compose ${VERSIONS.dockerCompose}`,
    dir: `docker-compose-${VERSIONS.dockerCompose}`,
    binary: 'cli-plugins/docker-compose',
    estimate: 'about 2-3 min',
    async prerequisites(env) {
      await requireCommand('go', 'build the docker compose plugin', GO_HINT, env);
    },
    async install(tmp, ctx) {
      // Its go.mod has exclude directives, so `go install module@version` refuses it: build from source.
      const src = path.join(tmp, 'src');
      await goModuleSource('github.com/docker/compose/v2', VERSIONS.dockerCompose, src, ctx.env);
      await runChecked(
        'go',
        [
          'build',
          '-trimpath',
          '-ldflags',
          `-s -w -X github.com/docker/compose/v2/internal.Version=${VERSIONS.dockerCompose}`,
          '-o',
          path.join(tmp, 'cli-plugins', 'docker-compose'),
          './cmd',
        ],
        { cwd: src, env: goEnv(ctx.env) },
        `go build docker compose ${VERSIONS.dockerCompose}`,
      );
      fs.rmSync(src, { recursive: true, force: true });
    },
  },
};

/**
 * Environment for kc.sh: the Java we found, a capped heap, nothing inherited that could change
 * Keycloak's configuration behind our back (KC_*, JAVA_OPTS).
 */
function keycloakEnv(env, java, extra = {}) {
  const clean = {};
  for (const [key, value] of Object.entries(env)) {
    if (
      key.startsWith('KC_') ||
      key === 'JAVA_OPTS' ||
      key === 'JAVA_OPTS_APPEND' ||
      key === 'JAVA_ADD_OPENS'
    )
      continue;
    clean[key] = value;
  }
  // JDK 24+ needs java.lang opened for the thread-local reset of jboss-threads (Keycloak logs an
  // IllegalAccessError at shutdown otherwise) and warns about netty's use of sun.misc.Unsafe.
  const append =
    java.major >= 24
      ? '--add-opens=java.base/java.lang=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow'
      : '';
  return {
    ...clean,
    JAVA_HOME: java.home,
    JAVA_OPTS_KC_HEAP: '-Xms64m -Xmx768m',
    ...(append ? { JAVA_OPTS_APPEND: append } : {}),
    ...extra,
  };
}

function isInstalled(name, env = process.env) {
  const tool = TOOLS[name];
  const dir = path.join(cacheRoot(env), tool.dir);
  const marker = readMarker(dir);
  if (!marker || !fs.existsSync(path.join(dir, tool.binary))) return false;
  return JSON.stringify(marker.options || []) === JSON.stringify(tool.options || []);
}

// ---------------------------------------------------------------------------------------------
// docker compose plugin

/** How to run `docker compose` here, or null: the Docker installation's own plugin first, then ours. */
async function findDockerCompose(env = process.env) {
  const docker = which('docker', env);
  if (docker) {
    const { code, stdout } = await run(docker, ['compose', 'version', '--short'], { env }).catch(
      () => ({ code: 1 }),
    );
    if (code === 0)
      return { command: docker, args: ['compose'], version: stdout.trim(), source: 'docker' };
  }
  const ours = toolPaths(env).dockerCompose;
  if (fs.existsSync(ours))
    return { command: ours, args: [], version: VERSIONS.dockerCompose, source: 'cache' };
  return null;
}

/**
 * Makes `docker compose` find our plugin: a symlink in ~/.docker/cli-plugins (or $DOCKER_CONFIG's),
 * only when nothing else is there or the link already points into our cache.
 */
function linkDockerPlugin(binary, env) {
  const configDir = env.DOCKER_CONFIG || path.join(env.HOME || os.homedir(), '.docker');
  const link = path.join(configDir, 'cli-plugins', 'docker-compose');
  let existing = null;
  try {
    existing = fs.readlinkSync(link);
  } catch (err) {
    if (err.code === 'EINVAL')
      return {
        link,
        linked: false,
        reason: 'a docker-compose plugin of your own is already there',
      };
    if (err.code !== 'ENOENT') return { link, linked: false, reason: err.message };
  }
  if (
    existing &&
    !path.resolve(path.dirname(link), existing).startsWith(cacheRoot(env) + path.sep)
  ) {
    return { link, linked: false, reason: 'it links to a plugin outside the OpenCEN cache' };
  }
  if (existing === binary) return { link, linked: true, unchanged: true };
  fs.mkdirSync(path.dirname(link), { recursive: true });
  if (existing) fs.unlinkSync(link);
  fs.symlinkSync(binary, link);
  return { link, linked: true };
}

// ---------------------------------------------------------------------------------------------
// Chromium, for the web app's browser tests (apps/web/browser): Debian's package, driven by
// playwright-core, which never downloads a browser of its own.

/** Where Chromium is: CHROMIUM_PATH when it names a file, else `chromium` on PATH, else null. */
function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH && fs.existsSync(env.CHROMIUM_PATH)) return env.CHROMIUM_PATH;
  return which('chromium', env);
}

/**
 * Installs Debian's `chromium` with apt-get when it is missing and this runs as root; otherwise
 * says what to install. Resolves to its path.
 * @param {{ env?: NodeJS.ProcessEnv, log?: (line: string) => void }} [options]
 */
async function provisionChromium(options = {}) {
  const env = options.env || process.env;
  const log = options.log || ((line) => process.stdout.write(`${line}\n`));
  const found = findChromium(env);
  if (found) {
    log(`Chromium: ${found}`);
    return found;
  }
  const hint =
    "Install Debian's Chromium: `sudo apt-get install chromium` (or set CHROMIUM_PATH to a Chromium or Chrome binary). Only the web app's browser tests need it.";
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!root || !which('apt-get', env)) {
    throw new InfraError(
      `Chromium is needed for the web app's browser tests but was not found on PATH${root ? ' and apt-get is missing' : ', and installing it needs root'}.`,
      { hint },
    );
  }
  const started = Date.now();
  log('Chromium: installing with apt-get (1-3 min)…');
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { env: aptEnv });
  let result = await install();
  if (result.code !== 0) {
    // A fresh container has no package lists yet.
    log('Chromium: apt-get update…');
    await runChecked('apt-get', ['update'], { env: aptEnv }, 'apt-get update');
    result = await install();
  }
  if (result.code !== 0) {
    throw new InfraError(`apt-get install chromium failed (exit code ${result.code}).`, {
      hint,
      logTail: `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-25).join('\n'),
    });
  }
  const installed = findChromium(env);
  if (!installed)
    throw new InfraError('apt-get installed chromium but it is not on PATH.', { hint });
  log(`Chromium: ready in ${formatDuration(Date.now() - started)} (${installed})`);
  return installed;
}

// ---------------------------------------------------------------------------------------------

/**
 * Installs whatever is missing.
 * @param {{ tools?: string[], log?: (line: string) => void, env?: NodeJS.ProcessEnv, dockerCompose?: boolean, chromium?: boolean }} [options]
 *   tools: subset of 'nats-server' | 'ferretdb' | 'keycloak' | 'opensearch' | 'mailpit' |
 *   'schemathesis' | 'helm' | 'kubernetes-validate' (default: all of them);
 *   dockerCompose: also provide the docker compose plugin when a docker client exists (default: when
 *   no explicit tool list is given);
 *   chromium: also provide Chromium for the browser tests (default: when no explicit tool list is
 *   given).
 * @returns {Promise<ReturnType<typeof toolPaths> & { java?: { home: string, version: string } }>}
 */
async function provision(options = {}) {
  const env = options.env || process.env;
  const log = options.log || ((line) => process.stdout.write(`${line}\n`));
  const root = cacheRoot(env);
  const wanted = [
    ...(options.tools || [
      'nats-server',
      'ferretdb',
      'keycloak',
      'opensearch',
      'mailpit',
      'schemathesis',
      'helm',
      'kubernetes-validate',
    ]),
  ];
  const withCompose = options.dockerCompose ?? !options.tools;
  fs.mkdirSync(root, { recursive: true });
  cleanStaleTemps(root);

  let composeNote = null;
  if (withCompose && which('docker', env)) {
    const existing = await findDockerCompose(env);
    if (existing && existing.source === 'docker' && !isLinkedToCache(env)) {
      composeNote = `docker compose ${existing.version}: provided by your Docker installation`;
    } else {
      wanted.push('docker-compose');
    }
  }

  const ctx = { env, java: null };
  const missing = wanted.filter((name) => !isInstalled(name, env));
  // Check every prerequisite before building anything, and report all that are missing at once.
  const problems = [];
  for (const name of missing) {
    try {
      await TOOLS[name].prerequisites(env, ctx);
    } catch (err) {
      problems.push(err);
    }
  }
  if (problems.length) {
    const unique = [...new Map(problems.map((p) => [p.message, p])).values()];
    throw new InfraError(`Cannot provision: ${unique.map((p) => p.message).join(' ')}`, {
      hint: unique
        .map((p) => p.hint)
        .filter(Boolean)
        .join('\n'),
    });
  }
  if (!ctx.java && (wanted.includes('keycloak') || wanted.includes('opensearch')))
    ctx.java = await findJava(env);

  for (const name of wanted) {
    if (!missing.includes(name)) log(`${TOOLS[name].label}: cached`);
  }
  if (composeNote) log(composeNote);

  // Go builds share the two cores, so they run one after the other; Keycloak (download, unpack, Java
  // augmentation) and OpenSearch (download, unpack) run beside them.
  const installOne = async (name) => {
    const tool = TOOLS[name];
    const started = Date.now();
    log(`${tool.label}: installing (${tool.estimate})…`);
    await installAtomically(
      root,
      tool.dir,
      { tool: name, label: tool.label, options: tool.options || [] },
      (tmp) => tool.install(tmp, ctx),
    );
    log(`${tool.label}: ready in ${formatDuration(Date.now() - started)}`);
  };
  const beside = ['keycloak', 'opensearch'];
  const goTools = missing.filter((n) => !beside.includes(n));
  const jobs = [
    (async () => {
      for (const name of goTools) await installOne(name);
    })(),
  ];
  for (const name of beside) if (missing.includes(name)) jobs.push(installOne(name));
  const results = await Promise.allSettled(jobs);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;

  if (options.chromium ?? !options.tools) await provisionChromium({ env, log });

  const paths = toolPaths(env);
  if (wanted.includes('docker-compose')) {
    const result = linkDockerPlugin(paths.dockerCompose, env);
    if (result.unchanged) log(`docker compose: plugin at ${result.link}`);
    else if (result.linked) log(`docker compose: plugin linked at ${result.link}`);
    else
      log(
        `docker compose: not linked at ${result.link} (${result.reason}); tests use ${paths.dockerCompose}`,
      );
  }
  return {
    ...paths,
    java: ctx.java ? { home: ctx.java.home, version: ctx.java.version } : undefined,
  };
}

function isLinkedToCache(env) {
  const configDir = env.DOCKER_CONFIG || path.join(env.HOME || os.homedir(), '.docker');
  try {
    const target = fs.readlinkSync(path.join(configDir, 'cli-plugins', 'docker-compose'));
    return path.resolve(configDir, 'cli-plugins', target).startsWith(cacheRoot(env) + path.sep);
  } catch {
    return false;
  }
}

module.exports = {
  VERSIONS,
  findChromium,
  provisionChromium,
  FERRETDB_PATCH,
  patchFerretdbSource,
  KEYCLOAK_BUILD_OPTIONS,
  OPENSEARCH_MODULES,
  opensearchModuleDescriptor,
  cacheRoot,
  toolPaths,
  findJava,
  javaMajor,
  keycloakEnv,
  isInstalled,
  findDockerCompose,
  provision,
};
