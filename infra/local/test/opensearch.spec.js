'use strict';
// OpenSearch as provisioned and run here: the module descriptor written at provisioning, the
// jvm.options and environment the runner gives it, and a node of its own (startStack with only the
// `search` part, on free ports, data in a temporary directory) that answers, has the language
// analyzers of the analysis-common module, and is gone after stop().

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { OPENSEARCH_MODULES, opensearchModuleDescriptor } = require('../provision');
const { startStack, opensearchJvmOptions, opensearchEnv } = require('../stack');
const { httpGet, portFree } = require('../lib/health');
const { freePort, processesWith } = require('./helpers');

function post(url, body) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then(async (response) => ({ status: response.status, body: await response.json() }));
}

describe('the analysis-common module descriptor', () => {
  it('is the descriptor OpenSearch 3.3.2 loads, with no extended plugin', () => {
    const [analysisCommon] = OPENSEARCH_MODULES;
    expect(opensearchModuleDescriptor(analysisCommon)).toBe(
      [
        'description=Adds analyzers, tokenizers and token filters (the language analyzers among them)',
        'version=3.3.2',
        'name=analysis-common',
        'classname=org.opensearch.analysis.common.CommonAnalysisModulePlugin',
        'java.version=21',
        'opensearch.version=3.3.2',
        'custom.foldername=',
        'extended.plugins=',
        'has.native.controller=false',
        '',
      ].join('\n'),
    );
  });
});

describe('opensearchJvmOptions', () => {
  // The lines of the distribution's config/jvm.options that the rewriting touches.
  const distribution = [
    '-Xms1g',
    '-Xmx1g',
    '11-:-XX:+UseG1GC',
    '-XX:HeapDumpPath=data',
    '-XX:ErrorFile=logs/hs_err_pid%p.log',
    '8:-Xloggc:logs/gc.log',
    '9-:-Xlog:gc*,gc+age=trace,safepoint:file=logs/gc.log:utctime,pid,tags:filecount=32,filesize=64m',
    '21-:-javaagent:agent/opensearch-agent.jar',
    '',
  ].join('\n');
  const where = { heap: { min: '512m', max: '1g' }, logsDir: '/l/os', dataDir: '/d/os/data' };

  it('sets the heap and puts logs and heap dumps at absolute paths', () => {
    const lines = opensearchJvmOptions(distribution, where).split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        '-Xms512m',
        '-Xmx1g',
        '-XX:HeapDumpPath=/d/os/data',
        '-XX:ErrorFile=/l/os/hs_err_pid%p.log',
        '8:-Xloggc:/l/os/gc.log',
        '9-:-Xlog:gc*,gc+age=trace,safepoint:file=/l/os/gc.log:utctime,pid,tags:filecount=4,filesize=16m',
        '-XX:-AlwaysPreTouch',
        // the agent is the install's, relative to the launcher's working directory (the install)
        '21-:-javaagent:agent/opensearch-agent.jar',
      ]),
    );
    expect(lines).not.toContain('-Xms1g');
    expect(lines.filter((l) => /logs\//.test(l) && !l.includes('/l/os/'))).toEqual([]);
  });

  it('refuses a jvm.options it was not made for', () => {
    expect(() => opensearchJvmOptions(distribution.replace('-Xmx1g', ''), where)).toThrow(
      /no line matching/,
    );
    expect(() =>
      opensearchJvmOptions(distribution.replace('HeapDumpPath=data', 'HeapDumpPath=/x'), where),
    ).toThrow(/HeapDumpPath/);
  });

  it('matches the jvm.options of the installed distribution', () => {
    const home = path.join(require('../provision').toolPaths().opensearchHome, 'config');
    const file = path.join(home, 'jvm.options');
    if (!fs.existsSync(file)) return; // not provisioned yet: the integration test below does it
    expect(() => opensearchJvmOptions(fs.readFileSync(file, 'utf8'), where)).not.toThrow();
  });
});

describe('opensearchEnv', () => {
  it('drops what could change OpenSearch behind our back and names the Java to use', () => {
    const env = opensearchEnv(
      {
        PATH: '/usr/bin',
        OPENSEARCH_JAVA_OPTS: '-Xmx8g',
        OPENSEARCH_PATH_CONF: '/etc/opensearch',
        ES_JAVA_OPTS: '-Xmx8g',
        JAVA_OPTS: '-Dx=1',
        JAVA_TOOL_OPTIONS: '-Dx=1',
        _JAVA_OPTIONS: '-Dx=1',
        JDK_JAVA_OPTIONS: '-Dx=1',
        OPENSEARCH_URL: 'http://elsewhere:9200',
      },
      { home: '/jdk' },
      { OPENSEARCH_PATH_CONF: '/run/config' },
    );
    expect(env).toEqual({
      PATH: '/usr/bin',
      OPENSEARCH_JAVA_HOME: '/jdk',
      OPENSEARCH_PATH_CONF: '/run/config',
    });
  });
});

describe('OpenSearch as provisioned', () => {
  let env;

  beforeAll(async () => {
    const [port, transportPort] = [await freePort(), await freePort()];
    // Its own logs, in a directory the user OpenSearch runs as (when we are root) can enter.
    const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opencen-os-logs-'));
    fs.chmodSync(logDir, 0o755);
    env = {
      ...process.env,
      OPENCEN_OPENSEARCH_PORT: String(port),
      OPENCEN_OPENSEARCH_TRANSPORT_PORT: String(transportPort),
      OPENCEN_LOG_DIR: logDir,
    };
    delete env.OPENSEARCH_URL;
  });

  afterAll(() => fs.rmSync(env.OPENCEN_LOG_DIR, { recursive: true, force: true }));

  it('answers, analyses Arabic and Russian, and is gone after stop()', async () => {
    const stack = await startStack({
      parts: ['search'],
      fresh: true,
      env,
      log: () => {},
      handleSignals: false,
    });
    const port = Number(env.OPENCEN_OPENSEARCH_PORT);
    let dataDir = null;
    try {
      expect(stack.opensearchUrl).toBe(`http://127.0.0.1:${port}`);
      expect(stack.started).toEqual(['search']);
      const health = await httpGet(`${stack.opensearchUrl}/_cluster/health`);
      expect(health.status).toBe(200);
      expect(JSON.parse(health.body)).toMatchObject({
        cluster_name: 'opencen-local',
        number_of_nodes: 1,
        status: expect.stringMatching(/^(green|yellow)$/),
      });

      const pids = processesWith(`-Ehttp.port=${port}`);
      expect(pids).toHaveLength(1);
      const args = fs.readFileSync(`/proc/${pids[0]}/cmdline`, 'utf8').split('\0');
      dataDir = args.find((a) => a.startsWith('-Epath.data=')).slice('-Epath.data='.length);
      expect(fs.existsSync(dataDir)).toBe(true);
      // OpenSearch refuses root: a root runner starts it as another user.
      const uid = Number(
        /^Uid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pids[0]}/status`, 'utf8'))[1],
      );
      if (process.getuid() === 0) expect(uid).not.toBe(0);
      else expect(uid).toBe(process.getuid());

      // The language analyzers come with the analysis-common module.
      const analyze = async (analyzer, text) => {
        const { status, body } = await post(`${stack.opensearchUrl}/_analyze`, { analyzer, text });
        expect(status).toBe(200);
        return body.tokens.map((t) => t.token);
      };
      await expect(analyze('arabic', 'المخدرات')).resolves.toEqual(['مخدر']);
      await expect(analyze('russian', 'кокаином')).resolves.toEqual(['кокаин']);
    } finally {
      await stack.stop();
    }
    expect(processesWith(`-Ehttp.port=${port}`)).toEqual([]);
    if (dataDir) expect(fs.existsSync(dataDir)).toBe(false); // a fresh stack's data is removed
    await expect(portFree(port)).resolves.toBe(true);
    await expect(portFree(Number(env.OPENCEN_OPENSEARCH_TRANSPORT_PORT))).resolves.toBe(true);
  }, 300_000);
});
