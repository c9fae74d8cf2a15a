#!/usr/bin/env node
// Benchmark: what the audit trail costs a read of personal data (issue 11), in one run on this
// machine. A person is read through the gateway, one read at a time, three ways interleaved:
//   1. audited: the gateway publishes the access record on the audit stream and waits for
//      JetStream's acknowledgement before it answers (as deployed);
//   2. not audited: a second gateway on the same services with AUDIT_READS=skip (the purpose is
//      still checked; nothing is published);
//   3. the raw primitive: a JetStream publish of a record of the same size, acknowledged, on a
//      stream of the same storage, without the gateway.
// It prints the median, p99 and mean of each, what the audit adds (1 − 2) against the raw publish,
// and how long the auth service took to append the run's records to the chain. It starts its own
// nats-server and the apps (the e2e helpers) against the infrastructure of `npm run infra:up` (or
// MONGO_URL, KEYCLOAK_URL, OPENSEARCH_URL) and drops its databases at the end. Prints figures
// only: nothing is asserted.
//
//   npm run infra:up && npm run build && node bench/audit.mjs [--reads 1000] [--warmup 100]

import 'reflect-metadata';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { summary, timed } from './measure.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { startApps, startApp, stopApp, freePort } = require(
  path.join(root, 'tests/e2e/support/stack.js'),
);
const { readRunningStack } = require(path.join(root, 'infra/local/stack.js'));
const { PURPOSE_HEADER } = require('@opencen/contracts');
const { demoUserToken } = require('@opencen/testing');
const { connect, StorageType } = require('nats');
const mongoose = require('mongoose');

const { values: options } = parseArgs({
  options: {
    reads: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '100' },
  },
});
const reads = Number(options.reads);
const warmup = Number(options.warmup);
const say = (line) => process.stderr.write(`[bench] ${line}\n`);

async function infrastructure() {
  const running = await readRunningStack();
  const { MONGO_URL, KEYCLOAK_URL, OPENSEARCH_URL } = process.env;
  if (!(MONGO_URL && KEYCLOAK_URL && OPENSEARCH_URL) && !running)
    throw new Error(
      'No infrastructure: run `npm run infra:up` first (or set MONGO_URL, KEYCLOAK_URL and OPENSEARCH_URL).',
    );
  // The apps' search indexes go to the OpenSearch the e2e helpers read from the environment.
  process.env.OPENSEARCH_URL = OPENSEARCH_URL ?? running.opensearchUrl;
  return {
    mongoUrl: MONGO_URL ?? running.mongoUrl,
    keycloakUrl: KEYCLOAK_URL ?? running.keycloakUrl,
  };
}

/** GET over one kept-alive connection; resolves with the body, rejects unless 200. */
function get(agent, url, headers) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () =>
        res.statusCode === 200
          ? resolve(body)
          : reject(new Error(`${url} answered ${res.statusCode}: ${body}`)),
      );
    });
    req.on('error', reject);
  });
}

async function main() {
  const infra = await infrastructure();
  const logDir = path.join(root, '.opencen', 'logs', 'bench');
  const apps = await startApps({
    mongoUrl: infra.mongoUrl,
    keycloakUrl: infra.keycloakUrl,
    database: `test_bench_${Date.now().toString(36)}`,
    gatewayEnv: { RATE_LIMIT_MAX: String(1e9), LOG_LEVEL: 'warn' },
    log: say,
    logDir,
  });
  const unauditedPort = await freePort();
  const unaudited = await startApp(
    'gateway',
    {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      NATS_URL: apps.natsUrl,
      KEYCLOAK_URL: infra.keycloakUrl,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(unauditedPort),
      RATE_LIMIT_MAX: String(1e9),
      LOG_LEVEL: 'warn',
      AUDIT_READS: 'skip',
    },
    {
      readyUrl: `http://127.0.0.1:${unauditedPort}/health/ready`,
      logFile: path.join(logDir, 'gateway-unaudited.log'),
    },
  );
  say(`a second gateway, AUDIT_READS=skip, on port ${unauditedPort}`);
  const nats = await connect({ servers: apps.natsUrl });
  const agents = [
    new http.Agent({ keepAlive: true, maxSockets: 1 }),
    new http.Agent({ keepAlive: true, maxSockets: 1 }),
  ];
  const mongo = await mongoose.createConnection(infra.mongoUrl).asPromise();
  try {
    const token = (await demoUserToken('officer', infra.keycloakUrl)).access_token;
    const created = await fetch(`${apps.gatewayUrl}/api/v1/persons`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        draft: { familyName: 'Benchmark', givenNames: 'Audra', dateOfBirth: '1970-01-01' },
      }),
    });
    if (created.status !== 201)
      throw new Error(`creating the person: ${created.status} ${await created.text()}`);
    const { person } = await created.json();
    const headers = {
      authorization: `Bearer ${token}`,
      [PURPOSE_HEADER]: 'BENCH-2026-0001 benchmark',
    };
    const personPath = `/api/v1/persons/${person.id}`;

    // The raw primitive: a stream like the audit stream (file storage, one replica) and a record
    // of the size the gateway publishes for this read.
    const jsm = await nats.jetstreamManager();
    await jsm.streams.add({
      name: 'BENCH_RAW_PUBLISH',
      subjects: ['bench.raw'],
      storage: StorageType.File,
    });
    const js = nats.jetstream();
    const recordSize = 900;
    const rawRecord = JSON.stringify({ padding: 'x'.repeat(recordSize) });
    let rawId = 0;

    const ways = {
      'gateway, audited': () => get(agents[0], `${apps.gatewayUrl}${personPath}`, headers),
      'gateway, not audited': () =>
        get(agents[1], `http://127.0.0.1:${unauditedPort}${personPath}`, headers),
      'raw JetStream publish': () =>
        js.publish('bench.raw', rawRecord, { msgID: `raw-${(rawId += 1)}` }),
    };
    const names = Object.keys(ways);
    const samples = Object.fromEntries(names.map((name) => [name, []]));
    say(`warm-up: ${warmup} reads each way`);
    for (let i = 0; i < warmup; i++) for (const name of names) await ways[name]();
    say(`measuring: ${reads} reads each way, one at a time, interleaved`);
    const measuredFrom = Date.now();
    for (let i = 0; i < reads; i++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(i + k) % names.length];
        samples[name].push(await timed(ways[name]));
      }
    }
    const measuredFor = Date.now() - measuredFrom;

    // How far behind the chain is: the reads of the person appended, counted by the auditor.
    const auditor = (await demoUserToken('auditor', infra.keycloakUrl)).access_token;
    const expected = warmup + reads;
    const chainStart = Date.now();
    let appended = 0;
    while (Date.now() - chainStart < 120_000) {
      const trail = await fetch(
        `${apps.gatewayUrl}/api/v1/audit/records/person/${person.id}?limit=1`,
        { headers: { authorization: `Bearer ${auditor}` } },
      );
      // The person's creation is in its trail too.
      appended = (await trail.json()).total - 1;
      if (appended >= expected) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const chainLagMs = Date.now() - chainStart;

    const stats = Object.fromEntries(names.map((name) => [name, summary(samples[name])]));
    const ms = (x) => `${x.toFixed(2)} ms`.padStart(11);
    const [audited, plain, raw] = names.map((name) => stats[name]);
    const lines = [
      `Audit of a person read through the gateway: ${reads} sequential reads per way after ${warmup} warm-up, Node ${process.version}`,
      '',
      `${'way'.padEnd(24)}${'median'.padStart(11)}${'p99'.padStart(11)}${'mean'.padStart(11)}`,
      ...names.map(
        (name) =>
          `${name.padEnd(24)}${ms(stats[name].median)}${ms(stats[name].p99)}${ms(stats[name].mean)}`,
      ),
      '',
      `${'the audit adds'.padEnd(24)}${ms(audited.median - plain.median)}${ms(audited.p99 - plain.p99)}${ms(audited.mean - plain.mean)}`,
      `${'audited / not audited'.padEnd(24)}${`${(audited.median / plain.median).toFixed(2)}x`.padStart(11)}${`${(audited.p99 / plain.p99).toFixed(2)}x`.padStart(11)}`,
      `${'added / raw publish'.padEnd(24)}${`${((audited.median - plain.median) / raw.median).toFixed(2)}x`.padStart(11)}`,
      '',
      `chain: ${appended} of ${expected} audited reads appended ${chainLagMs} ms after the ${(measuredFor / 1000).toFixed(1)} s of measuring ended`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    for (const agent of agents) agent.destroy();
    await nats.close();
    await stopApp(unaudited);
    for (const name of [
      apps.database,
      apps.personsDatabase,
      apps.casesDatabase,
      apps.authDatabase,
    ].filter(Boolean)) {
      await mongo
        .useDb(name)
        .dropDatabase()
        .catch(() => undefined);
    }
    await mongo.close();
    await apps.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
