#!/usr/bin/env node
// Benchmark of the system of record read and written by key (issue "The system of record answers
// by key in constant time"), in one run on this machine. At each size of the store (1,000, 10,000
// and 100,000 cases by default) it measures, median and p99:
//   - get by id and get by number, a versioned update and a create, through the gateway with a
//     real Keycloak token;
//   - the raw primitives the same operations stand on, sent straight to the store: findOne by
//     _id, the number's key document then the case by _id, updateOne by _id and version, insertOne;
// and create throughput (concurrency --concurrency) through the gateway against raw inserts.
// Then the whole stack's CPU over one idle minute (--idle-seconds), per process, from /proc.
// Flat figures across sizes mean constant time. It starts its own nats-server and the apps (the
// e2e helpers) against the MongoDB and Keycloak of `npm run infra:up` (or MONGO_URL /
// KEYCLOAK_URL) and drops its databases at the end. Prints figures only: nothing is asserted.
//
//   npx turbo run build && node bench/store-by-key.mjs [--sizes 1000,10000,100000]
//     [--samples 200] [--creates 200] [--concurrency 8] [--idle-seconds 60]

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { BULK_SEQUENCE, BULK_YEAR, OFFICES, bulkCases, documentOf } from './case-documents.mjs';
import { summary, timed } from './measure.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { startApps } = require(path.join(root, 'tests/e2e/support/stack.js'));
const { readRunningStack } = require(path.join(root, 'infra/local/stack.js'));
const { demoUserToken } = require('@opencen/testing');
const mongoose = require('mongoose');

const { values: options } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    samples: { type: 'string', default: '200' },
    creates: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '8' },
    'idle-seconds': { type: 'string', default: '60' },
  },
});
const sizes = options.sizes.split(',').map(Number);
const samples = Number(options.samples);
const creates = Number(options.creates);
const concurrency = Number(options.concurrency);
const idleSeconds = Number(options['idle-seconds']);
const say = (line) => process.stderr.write(`[bench] ${line}\n`);
const out = (line = '') => process.stdout.write(`${line}\n`);

async function infrastructure() {
  const { MONGO_URL, KEYCLOAK_URL } = process.env;
  const running = await readRunningStack();
  if (!(MONGO_URL && KEYCLOAK_URL) && !running)
    throw new Error(
      'No infrastructure: run `npm run infra:up` first (or set MONGO_URL and KEYCLOAK_URL).',
    );
  return {
    mongoUrl: MONGO_URL ?? running.mongoUrl,
    keycloakUrl: KEYCLOAK_URL ?? running.keycloakUrl,
    infraPids: running ? Object.values(running.pids) : [],
  };
}

// ---- measuring ---------------------------------------------------------------------------------

/** Runs `work(i)` for i in [0, n), `concurrency` at a time: seconds taken and each latency. */
async function inParallel(n, work) {
  let next = 0;
  const latencies = [];
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) {
        const i = next++;
        latencies.push(await timed(() => work(i)));
      }
    }),
  );
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, latencies };
}

/** `work(i)` n times one after another: the latencies. */
async function sequential(n, work) {
  const latencies = [];
  for (let i = 0; i < n; i++) latencies.push(await timed(() => work(i)));
  return latencies;
}

// ---- CPU of the stack, from /proc -------------------------------------------------------------

const CLOCK_TICKS = 100; // USER_HZ on Linux
function processTable() {
  const table = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const fields = stat.slice(close + 2).split(' ');
      table.set(Number(entry), {
        name,
        ppid: Number(fields[1]),
        ticks: Number(fields[11]) + Number(fields[12]), // utime + stime
      });
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/** The given processes and all their descendants, with a label each. */
function stackProcesses(rootPids) {
  const table = processTable();
  const chosen = new Set(rootPids.filter((pid) => table.has(pid)));
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, info] of table) {
      if (!chosen.has(pid) && chosen.has(info.ppid)) {
        chosen.add(pid);
        grew = true;
      }
    }
  }
  chosen.delete(process.pid);
  return [...chosen].map((pid) => {
    let label = table.get(pid).name;
    try {
      // An app runs in apps/<name>; the infrastructure keeps its process name.
      const cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
      if (label === 'node' && cwd.includes(`${path.sep}apps${path.sep}`))
        label = path.basename(cwd);
    } catch {
      // not ours to read
    }
    return { pid, label };
  });
}

async function idleCpu(rootPids) {
  const processes = stackProcesses(rootPids);
  const before = processTable();
  const start = process.hrtime.bigint();
  await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
  const after = processTable();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rows = new Map();
  for (const { pid, label } of processes) {
    const used = ((after.get(pid)?.ticks ?? 0) - (before.get(pid)?.ticks ?? 0)) / CLOCK_TICKS;
    rows.set(label, (rows.get(label) ?? 0) + used);
  }
  return { seconds, rows };
}

// ---- the run ------------------------------------------------------------------------------------

async function main() {
  const infra = await infrastructure();
  say(`MongoDB ${infra.mongoUrl}, Keycloak ${infra.keycloakUrl}; starting the apps...`);
  const apps = await startApps({
    mongoUrl: infra.mongoUrl,
    keycloakUrl: infra.keycloakUrl,
    database: `test_bench_${Date.now().toString(36)}`,
    gatewayEnv: { RATE_LIMIT_MAX: String(1e9), LOG_LEVEL: 'warn' },
    referenceEnv: { LOG_LEVEL: 'warn' },
    personsEnv: { LOG_LEVEL: 'warn' },
    casesEnv: { LOG_LEVEL: 'warn' },
    log: say,
    logDir: path.join(root, '.opencen', 'logs', 'bench'),
  });
  if (!apps.casesDatabase) throw new Error('The cases service is not built (apps/cases/dist)');
  const mongo = await mongoose
    .createConnection(infra.mongoUrl, { dbName: apps.casesDatabase })
    .asPromise();
  try {
    const cases = mongo.db.collection('cases');
    const claims = mongo.db.collection('case_numbers');
    const scratch = mongo.db.collection('bench_inserts');
    const token = (await demoUserToken('officer', infra.keycloakUrl)).access_token;
    let tokenAt = Date.now();
    const bearer = async () => {
      // Tokens live a few minutes: refresh as a client would.
      if (Date.now() - tokenAt > 60_000) {
        bearer.token = (await demoUserToken('officer', infra.keycloakUrl)).access_token;
        tokenAt = Date.now();
      }
      return bearer.token;
    };
    bearer.token = token;
    const api = async (method, pathAndQuery, body, headers = {}) => {
      const response = await fetch(new URL(pathAndQuery, apps.gatewayUrl), {
        method,
        headers: {
          authorization: `Bearer ${await bearer()}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await response.text();
      if (!response.ok)
        throw new Error(`${method} ${pathAndQuery}: ${response.status} ${text.slice(0, 300)}`);
      return { body: text ? JSON.parse(text) : undefined, etag: response.headers.get('etag') };
    };
    const draftBody = (i) => {
      const { _id, ...document } = documentOf(i, 'FRA-CDG', new Date().toISOString());
      return {
        draft: {
          type: document.type,
          detectedAt: document.detectedAt.toISOString(),
          location: document.location,
          detectionMethods: document.detectionMethods,
          items: document.items,
          route: document.route,
          narrative: document.narrative,
        },
      };
    };

    out(`Store by key: get, update and create at ${sizes.join(', ')} stored cases`);
    out(
      `Node ${process.version}, ${samples} samples a figure, creates ${creates} at concurrency ${concurrency}`,
    );
    out();

    // Drafts created through the API, updated through it at every size.
    say('creating the drafts that the updates edit...');
    const drafts = [];
    for (let i = 0; i < 20; i++) {
      const { body, etag } = await api('POST', '/api/v1/cases', draftBody(i));
      drafts.push({ id: body.id, number: body.number, etag, i });
    }

    let stored = await cases.countDocuments({});
    let bulkNext = 0;
    const rows = [];
    for (const size of sizes) {
      // Fill up to `size` with bulk inserts of cases and the key documents of their numbers.
      say(`filling the store to ${size} cases...`);
      const at = new Date().toISOString();
      while (stored < size) {
        const n = Math.min(1000, size - stored);
        const batch = bulkCases(bulkNext, n, at);
        await cases.insertMany(
          batch.map((b) => b.kase),
          { ordered: false },
        );
        await claims.insertMany(
          batch.map((b) => b.claim),
          { ordered: false },
        );
        bulkNext += n;
        stored += n;
        if (stored % 10000 === 0) say(`  ${stored}/${size}`);
      }
      // A stored case of the officer's office (FRA-CDG: every third), spread over the whole store.
      const pick = (i) => {
        const k = ((i * 7919) % Math.floor(bulkNext / OFFICES.length)) * OFFICES.length;
        const scope = `FRACDG-${BULK_YEAR}`;
        return {
          id: `bench-${k}`,
          number: `${scope}-${BULK_SEQUENCE + k}`,
          claim: `${scope}#${BULK_SEQUENCE + k}`,
        };
      };
      say(`measuring at ${size}...`);
      const figures = {};
      figures['get by id, gateway'] = await sequential(samples, (i) =>
        api('GET', `/api/v1/cases/${pick(i).id}`),
      );
      figures['get by id, store'] = await sequential(samples, (i) =>
        cases.findOne({ _id: pick(i).id }),
      );
      figures['get by number, gateway'] = await sequential(samples, (i) =>
        api('GET', `/api/v1/cases/${pick(i).number}`),
      );
      figures['get by number, store'] = await sequential(samples, async (i) => {
        const claim = await claims.findOne({ _id: pick(i).claim });
        await cases.findOne({ _id: claim.caseId });
      });
      figures['versioned update, gateway'] = await sequential(samples, async (i) => {
        const draft = drafts[i % drafts.length];
        const { etag } = await api(
          'PUT',
          `/api/v1/cases/${draft.id}`,
          draftBody(draft.i + i).draft,
          { 'if-match': draft.etag },
        );
        draft.etag = etag;
      });
      figures['versioned update, store'] = await sequential(samples, async (i) => {
        const { id } = pick(i);
        const { version } = await cases.findOne({ _id: id }, { projection: { version: 1 } });
        await cases.updateOne(
          { _id: id, version },
          { $set: { narrative: `edited ${i}` }, $inc: { version: 1 } },
        );
      });
      const created = await inParallel(creates, (i) =>
        api('POST', '/api/v1/cases', draftBody(size + i)),
      );
      const inserted = await inParallel(creates, (i) =>
        scratch.insertOne({ ...documentOf(size + i, 'FRA-CDG', at), _id: `scratch-${size}-${i}` }),
      );
      await scratch.drop().catch(() => undefined);
      stored += creates; // the creations through the API stay in the store
      figures['create, gateway'] = created.latencies;
      figures['create, store'] = inserted.latencies;
      // What one outbox recovery pass costs here: its only query, over the pending markers.
      const recovery = await timed(() =>
        mongo.db
          .collection('outbox_pending')
          .find({ at: { $lt: new Date(Date.now() - 60_000) } })
          .toArray(),
      );
      rows.push({
        size,
        recoveryMs: recovery,
        figures: Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, summary(v)])),
        throughput: { gateway: creates / created.seconds, store: creates / inserted.seconds },
      });
    }

    out(
      `${'median / p99 (ms)'.padEnd(28)}${sizes.map((s) => `${s.toLocaleString('en')} cases`.padStart(20)).join('')}`,
    );
    for (const label of Object.keys(rows[0].figures)) {
      out(
        `  ${label.padEnd(26)}${rows
          .map(({ figures }) =>
            `${figures[label].median.toFixed(1)} / ${figures[label].p99.toFixed(1)}`.padStart(20),
          )
          .join('')}`,
      );
    }
    for (const op of ['get by id', 'get by number', 'versioned update', 'create']) {
      out(
        `  ${`${op}: gateway ÷ store`.padEnd(26)}${rows
          .map(({ figures }) =>
            `${(figures[`${op}, gateway`].median / figures[`${op}, store`].median).toFixed(1)}×`.padStart(
              20,
            ),
          )
          .join('')}`,
      );
    }
    out();
    out(
      `${'create throughput (cases/s)'.padEnd(28)}${sizes.map((s) => `${s.toLocaleString('en')} cases`.padStart(20)).join('')}`,
    );
    out(
      `  ${'POST /api/v1/cases'.padEnd(26)}${rows.map((r) => r.throughput.gateway.toFixed(1).padStart(20)).join('')}`,
    );
    out(
      `  ${'insertOne into the store'.padEnd(26)}${rows.map((r) => r.throughput.store.toFixed(1).padStart(20)).join('')}`,
    );
    out(
      `  ${'gateway ÷ store'.padEnd(26)}${rows.map((r) => `${((100 * r.throughput.gateway) / r.throughput.store).toFixed(0)} %`.padStart(20)).join('')}`,
    );
    out(
      `  ${'outbox recovery query'.padEnd(26)}${rows.map((r) => `${r.recoveryMs.toFixed(0)} ms`.padStart(20)).join('')}`,
    );
    out();

    say(`idle for ${idleSeconds} s...`);
    await new Promise((resolve) => setTimeout(resolve, 5000)); // let the last writes settle
    const idle = await idleCpu([...infra.infraPids, process.pid]);
    const total = [...idle.rows.values()].reduce((a, b) => a + b, 0);
    out(
      `idle stack CPU over ${idle.seconds.toFixed(0)} s with ${stored.toLocaleString('en')} cases stored (% of one core)`,
    );
    for (const [label, used] of [...idle.rows].sort((a, b) => b[1] - a[1])) {
      out(`  ${label.padEnd(26)}${((100 * used) / idle.seconds).toFixed(2).padStart(8)} %`);
    }
    out(`  ${'whole stack'.padEnd(26)}${((100 * total) / idle.seconds).toFixed(2).padStart(8)} %`);
  } finally {
    await mongo.dropDatabase().catch(() => undefined);
    await mongo.close();
    const client = await mongoose.createConnection(infra.mongoUrl).asPromise();
    for (const name of [apps.database, apps.personsDatabase].filter(Boolean)) {
      await client
        .useDb(name)
        .dropDatabase()
        .catch(() => undefined);
    }
    await client.close();
    await apps.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
