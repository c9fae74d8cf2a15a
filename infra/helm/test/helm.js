'use strict';
// Runs the pinned helm and kubernetes-validate (provisioned into the per-user cache by
// infra/local/provision.js) on a copy of infra/helm, so that `helm dependency build` writes nothing
// into the repository and two runs never meet.

const { execFile } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');

const REPO = path.resolve(__dirname, '..', '..', '..');
const HELM_DIR = path.resolve(__dirname, '..');
const { provision, isInstalled, toolPaths, VERSIONS } = require(
  path.join(REPO, 'infra', 'local', 'provision.js'),
);

const run = promisify(execFile);

/** The service charts, each on the library chart; the umbrella depends on all of them. */
const APP_CHARTS = [
  'reference-data',
  'persons',
  'cases',
  'auth',
  'notifications',
  'gateway',
  'web',
];
const UMBRELLA = 'opencen';

/**
 * The Kubernetes releases every rendering is validated against: the oldest the charts accept
 * (their kubeVersion, >=1.30: the preStop sleep action) and a current one.
 */
const KUBERNETES_VERSIONS = ['1.30.0', '1.34.0'];

/** Provisions helm and kubernetes-validate when missing (helm builds in a few minutes, once). */
async function ensureTools(log = (line) => process.stdout.write(`${line}\n`)) {
  const missing = ['helm', 'kubernetes-validate'].filter((name) => !isInstalled(name));
  if (missing.length) await provision({ tools: missing, log });
  return toolPaths();
}

/** A private copy of the charts with their dependencies built, and helm's own dirs beside it. */
async function prepareCharts() {
  const tools = await ensureTools();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'opencen-helm-'));
  const charts = path.join(work, 'charts');
  fs.cpSync(HELM_DIR, charts, {
    recursive: true,
    filter: (source) => !/[/\\](charts|test|node_modules)$/.test(source) || source === HELM_DIR,
  });
  const env = {
    PATH: process.env.PATH,
    HOME: work,
    HELM_CACHE_HOME: path.join(work, 'cache'),
    HELM_CONFIG_HOME: path.join(work, 'config'),
    HELM_DATA_HOME: path.join(work, 'data'),
  };
  const helm = (args) => run(tools.helm, args, { env, cwd: work, maxBuffer: 64 * 1024 * 1024 });
  try {
    // Each app chart packs the library from its folder; the umbrella then packs the app charts.
    for (const chart of APP_CHARTS) await helm(['dependency', 'build', path.join(charts, chart)]);
    await helm(['dependency', 'build', path.join(charts, UMBRELLA)]);
  } catch (err) {
    fs.rmSync(work, { recursive: true, force: true });
    throw new Error(`helm dependency build failed: ${err.stderr || err.message}`);
  }
  return {
    work,
    dir: (chart) => path.join(charts, chart),
    helm,
    tools,
    cleanup: () => fs.rmSync(work, { recursive: true, force: true }),
  };
}

/**
 * `helm template` of one chart with some values (an object, written as JSON, which is YAML).
 * Resolves to { ok, stdout, stderr }: a refusal of the chart (`fail`, `required`) is not thrown.
 */
async function template(ctx, chart, values = {}, { release = chart, name = 'defaults' } = {}) {
  const valuesFile = path.join(ctx.work, `${chart}--${name}.values.json`);
  fs.writeFileSync(valuesFile, JSON.stringify(values));
  try {
    const { stdout, stderr } = await ctx.helm([
      'template',
      release,
      ctx.dir(chart),
      '--namespace',
      'opencen',
      '--kube-version',
      KUBERNETES_VERSIONS[0],
      '-f',
      valuesFile,
    ]);
    const file = path.join(ctx.work, `${chart}--${name}.yaml`);
    fs.writeFileSync(file, stdout);
    return { ok: true, file, stdout, stderr };
  } catch (err) {
    return { ok: false, stdout: err.stdout || '', stderr: err.stderr || String(err) };
  }
}

/** `helm lint --strict`; resolves to { ok, output }. */
async function lint(ctx, chart, values = {}, name = 'lint') {
  const valuesFile = path.join(ctx.work, `${chart}--${name}.values.json`);
  fs.writeFileSync(valuesFile, JSON.stringify(values));
  try {
    const { stdout } = await ctx.helm([
      'lint',
      '--strict',
      ctx.dir(chart),
      '--kube-version',
      KUBERNETES_VERSIONS[0],
      '-f',
      valuesFile,
    ]);
    return { ok: true, output: stdout };
  } catch (err) {
    return { ok: false, output: `${err.stdout || ''}${err.stderr || ''}` };
  }
}

/**
 * Validates rendered files against the schemas of KUBERNETES_VERSIONS, in one Python process.
 * Resolves to { [file]: { documents, problems } }.
 */
async function validate(ctx, files) {
  const { stdout } = await run(
    'python3',
    [path.join(__dirname, 'validate_manifests.py'), KUBERNETES_VERSIONS.join(','), ...files],
    {
      env: { PATH: process.env.PATH, PYTHONPATH: ctx.tools.kubernetesValidate.pythonPath },
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout);
}

module.exports = {
  REPO,
  APP_CHARTS,
  UMBRELLA,
  KUBERNETES_VERSIONS,
  VERSIONS,
  prepareCharts,
  template,
  lint,
  validate,
};
