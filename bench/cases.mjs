#!/usr/bin/env node
// Benchmark of the cases service, in one run on this machine:
//   1. create throughput: POST /api/v1/cases through the gateway with a real Keycloak token,
//      against direct inserts of the same documents (dimensions derived by the service's own code)
//      into the same store, at the same concurrency;
//   2. the store is then filled up to --count cases with bulk inserts;
//   3. search and statistics latency (median, p99) through the gateway for typical filters;
//   4. import rows per second (CSV through POST /api/v1/cases/imports, polled until imported);
//   5. the cases service's peak memory (RSS sampled from /proc every 200 ms, and the kernel's
//      high-water mark VmHWM).
// It starts its own nats-server and the apps (the e2e helpers) against the MongoDB and Keycloak of
// `npm run infra:up` (or MONGO_URL / KEYCLOAK_URL), and drops its databases at the end. Prints
// figures only: nothing here is an assertion. On FerretDB every filter is a scan of the whole
// collection (its SQLite backend uses no index for them), so latencies grow with --count.
//
//   npx turbo run build --filter=@opencen/e2e... && node bench/cases.mjs --count 100000
//     [--via-gateway 1000] [--concurrency 8] [--repeat 20] [--stat-repeat 5] [--import-rows 2000]

import 'reflect-metadata';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { OFFICES, documentOf, draftOf } from './case-documents.mjs';
import { summary, timed } from './measure.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { startApps } = require(path.join(root, 'tests/e2e/support/stack.js'));
const { readRunningStack } = require(path.join(root, 'infra/local/stack.js'));
const { demoUserToken } = require('@opencen/testing');
const mongoose = require('mongoose');

const { values: options } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    'via-gateway': { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '8' },
    repeat: { type: 'string', default: '20' },
    'stat-repeat': { type: 'string', default: '5' },
    'import-rows': { type: 'string', default: '2000' },
  },
});
const count = Number(options.count);
const viaGateway = Math.min(count, Number(options['via-gateway']));
const concurrency = Number(options.concurrency);
const repeat = Number(options.repeat);
const statRepeat = Number(options['stat-repeat']);
const importRows = Number(options['import-rows']);
const say = (line) => process.stderr.write(`[bench] ${line}\n`);

async function infrastructure() {
  const { MONGO_URL, KEYCLOAK_URL } = process.env;
  if (MONGO_URL && KEYCLOAK_URL) return { mongoUrl: MONGO_URL, keycloakUrl: KEYCLOAK_URL };
  const running = await readRunningStack();
  if (!running)
    throw new Error(
      'No infrastructure: run `npm run infra:up` first (or set MONGO_URL and KEYCLOAK_URL).',
    );
  return {
    mongoUrl: MONGO_URL ?? running.mongoUrl,
    keycloakUrl: KEYCLOAK_URL ?? running.keycloakUrl,
  };
}

// ---- measuring ---------------------------------------------------------------------------------

/** Runs `work(i)` for i in [0, n) with `concurrency` at a time; resolves to seconds taken. */
async function inParallel(n, work) {
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) await work(next++);
    }),
  );
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** The pid of the cases service: the process whose environment names its database. */
function casesPid(database) {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const environ = fs.readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (environ.includes(`MONGO_DB=${database}`)) return Number(entry);
    } catch {
      // a process that ended, or not ours to read
    }
  }
  throw new Error(`No process runs with MONGO_DB=${database}`);
}

/** Samples VmRSS of a process every 200 ms; `stop()` gives the peak sampled and VmHWM (kB). */
function sampleMemory(pid) {
  let peakKb = 0;
  const read = (field) => {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  };
  const timer = setInterval(() => {
    try {
      peakKb = Math.max(peakKb, read('VmRSS'));
    } catch {
      clearInterval(timer);
    }
  }, 200);
  return {
    stop() {
      clearInterval(timer);
      return { peakKb, hwmKb: read('VmHWM') };
    },
  };
}

async function main() {
  const infra = await infrastructure();
  say(`MongoDB ${infra.mongoUrl}, Keycloak ${infra.keycloakUrl}; starting the apps...`);
  const apps = await startApps({
    ...infra,
    database: `test_bench_${Date.now().toString(36)}`,
    // Long timeouts: on a loaded machine a create (reference checks, number claim, insert) can be slow.
    gatewayEnv: { RATE_LIMIT_MAX: String(1e9), NATS_REQUEST_TIMEOUT_MS: '600000' },
    casesEnv: { LOG_LEVEL: 'warn', NATS_REQUEST_TIMEOUT_MS: '600000' },
    log: say,
    logDir: path.join(root, '.opencen', 'logs', 'bench'),
  });
  if (!apps.casesDatabase) throw new Error('The cases service is not built (apps/cases/dist)');
  const memory = sampleMemory(casesPid(apps.casesDatabase));
  const mongo = await mongoose
    .createConnection(infra.mongoUrl, { dbName: apps.casesDatabase })
    .asPromise();
  const lines = [];
  const out = (line = '') => {
    lines.push(line);
    process.stdout.write(`${line}\n`);
  };
  try {
    const cases = mongo.db.collection('cases');
    // Tokens live a few minutes: take a fresh one each minute, as a client would refresh.
    const tokens = new Map();
    const tokenOf = async (user) => {
      const held = tokens.get(user);
      if (held && Date.now() - held.at < 60_000) return held.token;
      const token = (await demoUserToken(user, infra.keycloakUrl)).access_token;
      tokens.set(user, { token, at: Date.now() });
      return token;
    };
    const officer = 'officer';
    const analyst = 'analyst';
    const api = async (token, pathAndQuery, init = {}) => {
      const response = await fetch(new URL(pathAndQuery, apps.gatewayUrl), {
        ...init,
        headers: { authorization: `Bearer ${await tokenOf(token)}`, ...init.headers },
      });
      const text = await response.text();
      if (!response.ok)
        throw new Error(
          `${init.method ?? 'GET'} ${pathAndQuery}: ${response.status} ${text.slice(0, 300)}`,
        );
      return text ? JSON.parse(text) : undefined;
    };

    out(`Cases benchmark: ${count} cases, Node ${process.version}, concurrency ${concurrency}`);
    out();

    // 1. creates through the gateway, against direct inserts of the same documents
    say(`creating ${viaGateway} cases through the gateway...`);
    const gatewaySeconds = await inParallel(viaGateway, (i) =>
      api(officer, '/api/v1/cases', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ draft: draftOf(i, 'FRA-CDG') }),
      }),
    );
    say(`inserting ${viaGateway} cases directly, one insertOne each...`);
    const at = new Date().toISOString();
    const directSeconds = await inParallel(viaGateway, (i) =>
      cases.insertOne(documentOf(count + i, OFFICES[i % OFFICES.length], at)),
    );
    // Those were only for the comparison: the store is filled to `count` below.
    await cases.deleteMany({ createdBy: 'bench' });
    out('create throughput                     cases/s');
    out(
      `  POST /api/v1/cases (gateway, token)   ${(viaGateway / gatewaySeconds).toFixed(1).padStart(8)}   (${viaGateway} cases, ${gatewaySeconds.toFixed(1)} s)`,
    );
    out(
      `  insertOne into the store              ${(viaGateway / directSeconds).toFixed(1).padStart(8)}   (${viaGateway} cases, ${directSeconds.toFixed(1)} s)`,
    );

    // 2. the rest, in bulk
    const rest = count - viaGateway;
    say(`bulk-loading ${rest} cases...`);
    let loaded = 0;
    const bulkStart = process.hrtime.bigint();
    while (loaded < rest) {
      const batch = Array.from({ length: Math.min(1000, rest - loaded) }, (_, k) =>
        documentOf(viaGateway + loaded + k, OFFICES[(loaded + k) % OFFICES.length], at),
      );
      await cases.insertMany(batch, { ordered: false });
      loaded += batch.length;
      if (loaded % 10000 === 0) say(`  ${loaded}/${rest}`);
    }
    const bulkSeconds = Number(process.hrtime.bigint() - bulkStart) / 1e9;
    out(
      `  insertMany (1,000 a batch)            ${(rest / bulkSeconds).toFixed(1).padStart(8)}   (${rest} cases, ${bulkSeconds.toFixed(1)} s)`,
    );
    out(`  stored: ${await cases.countDocuments({})} cases`);
    out();

    // 3. search and statistics through the gateway
    const searches = [
      ['officer: own office, newest first', officer, ''],
      ['officer: page 2 by cursor', officer, 'CURSOR'],
      ['analyst: DRUGS via BR', analyst, 'commodityCategory=DRUGS&country=BR'],
      ['analyst: one month', analyst, 'detectedFrom=2026-03-01&detectedTo=2026-03-31'],
      ['analyst: text "cocaine"', analyst, 'text=cocaine'],
      [
        'analyst: HS 2939, submitted, by number',
        analyst,
        'hsPrefix=2939&status=submitted&sort=number&order=asc',
      ],
    ];
    const first = await api(officer, '/api/v1/cases?limit=20');
    out(`search (GET /api/v1/cases, 20 a page)   median        p99   total`);
    for (const [label, token, query] of searches) {
      const q = query === 'CURSOR' ? `cursor=${encodeURIComponent(first.nextCursor)}` : query;
      let total = 0;
      await api(token, `/api/v1/cases?limit=20&${q}`); // warm-up
      const samples = [];
      for (let r = 0; r < repeat; r++) {
        samples.push(
          await timed(async () => ({ total } = await api(token, `/api/v1/cases?limit=20&${q}`))),
        );
      }
      const s = summary(samples);
      out(
        `  ${label.padEnd(38)}${s.median.toFixed(0).padStart(6)} ms${s.p99.toFixed(0).padStart(8)} ms${String(total).padStart(8)}`,
      );
    }
    out();
    const statistics = [
      ['analyst: everything', analyst, ''],
      ['analyst: DRUGS', analyst, 'commodityCategory=DRUGS'],
      ['officer: own office, 2026', officer, 'detectedFrom=2026-01-01&detectedTo=2026-12-31'],
    ];
    out(`statistics (GET /api/v1/cases/statistics) median     p99   cases`);
    for (const [label, token, query] of statistics) {
      let cases = 0;
      const samples = [];
      for (let r = 0; r < statRepeat; r++) {
        samples.push(
          await timed(
            async () => ({ cases } = await api(token, `/api/v1/cases/statistics?${query}`)),
          ),
        );
      }
      const s = summary(samples);
      out(
        `  ${label.padEnd(38)}${s.median.toFixed(0).padStart(6)} ms${s.p99.toFixed(0).padStart(8)} ms${String(cases).padStart(8)}`,
      );
    }
    out();

    // 4. import
    const imports = await fetch(new URL('/api/v1/cases/imports', apps.gatewayUrl), {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenOf(officer)}` },
    });
    if (imports.status === 404) {
      out('import: not measured (the gateway has no POST /api/v1/cases/imports)');
    } else if (importRows > 0) {
      say(`importing ${importRows} rows...`);
      const header = [
        'reference',
        'type',
        'detectedAt',
        'detectionOffice',
        'country',
        'detectionMethods',
        'departureCountry',
        'destinationCountry',
        'commodityCategory',
        'hsCode',
        'description',
        'quantity',
        'unit',
        'value',
        'currency',
        'concealmentMethod',
      ];
      const rows = Array.from({ length: importRows }, (_, i) => {
        const d = draftOf(i, 'FRA-CDG');
        const item = d.items[0];
        return [
          `BENCH-${Date.now().toString(36)}-${i}`,
          d.type,
          d.detectedAt,
          'FRA-CDG',
          'FR',
          d.detectionMethods[0],
          d.route.departureCountry,
          'FR',
          item.commodityCategory,
          item.hsCode,
          item.description,
          item.quantity,
          item.unit,
          item.estimatedValue.amount,
          item.estimatedValue.currency,
          item.concealment.method,
        ].join(',');
      });
      const csv = `${header.join(',')}\n${rows.join('\n')}\n`;
      const form = new FormData();
      form.append('dryRun', 'false');
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'bench.csv');
      const start = process.hrtime.bigint();
      let job = await api(officer, '/api/v1/cases/imports', { method: 'POST', body: form });
      const jobId = job.id;
      while (job.status !== 'imported') {
        await new Promise((resolve) => setTimeout(resolve, 250));
        job = await api(officer, `/api/v1/cases/imports/${encodeURIComponent(jobId)}`);
      }
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      out(
        `import (CSV, one row per case, real run) ${(importRows / seconds).toFixed(1)} rows/s (${importRows} rows, ${seconds.toFixed(1)} s; imported ${job.imported} of ${job.validCases} valid cases)`,
      );
    }
    out();

    const { peakKb, hwmKb } = memory.stop();
    out(
      `cases service memory: peak RSS sampled ${(peakKb / 1024).toFixed(0)} MiB, VmHWM ${(hwmKb / 1024).toFixed(0)} MiB`,
    );
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
