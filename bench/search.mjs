#!/usr/bin/env node
// Benchmark of search at scale (cases in OpenSearch, persons matching), in one run on this
// machine, each figure through the services next to the raw primitive it stands on, measured in
// the same run:
//   1. create throughput: POST /api/v1/cases through the gateway (real Keycloak token) against
//      insertOne of the same case-shaped documents into a scratch collection of the same FerretDB,
//      at the same concurrency (target: the gateway ≥ 50 % of raw);
//   2. search and statistics, median and p99, for typical filters: GET /api/v1/cases?… and
//      /api/v1/cases/statistics?… against the same OpenSearch query (built by the cases service's
//      own built query code) sent straight to the cases alias (targets: p99 ≤ 100 ms, ≤ 2× raw);
//   3. person match latency: POST /api/v1/persons/match and the same request over NATS, against
//      the candidate query the service sends to OpenSearch alone, and with the reads by _id of the
//      candidates that follow it (target: p99 ≤ 50 ms at BENCH_PERSONS stored persons);
//   4. commit-to-searchable lag: after a create through the gateway returns, the cases alias is
//      polled every 10 ms with an `ids` search until the new case is found (target: within
//      CASE_SEARCHABLE_WITHIN_MS, usually within a second);
//   5. import rows per second: cases.import.start, .rows (batches), .finish over NATS, polled with
//      cases.import.get until imported (target ≥ 2,000 rows/s);
//   6. idle CPU of the whole stack over a minute (utime + stime from /proc/<pid>/stat of every
//      process it started), as % of one core (target < 5 %);
//   7. resident memory (VmRSS, VmHWM) of each process of the stack.
// The store is filled first, fast: cases and persons are inserted straight into FerretDB with
// insertMany, shaped as the services store them (the services' own built code derives the
// dimensions and the keys), and each batch is indexed with the services' own index documents,
// through `_bulk` with external versions as their projectors write (or, with BENCH_REINDEX=1, the
// indexes are built afterwards by the services' own reindex commands, timed). It starts a private stack of its own (FerretDB, Keycloak, OpenSearch on free ports, in a
// temporary directory, plus the apps' own nats-server) and the services from their dist, and
// stops everything at the end, also on Ctrl-C. Prints figures only: nothing here is an assertion.
//
//   npx turbo run build && node bench/search.mjs
//
// Sizes and counts, from the environment:
//   BENCH_CASES (100000)  BENCH_PERSONS (1000000)  BENCH_CREATES (300)  BENCH_CONCURRENCY (16)
//   BENCH_LAG_SAMPLES (100)  BENCH_SEARCH_SAMPLES (200)  BENCH_MATCH_SAMPLES (300)
//   BENCH_IMPORT_ROWS (2000)  BENCH_IMPORT_ROWS_PER_CASE (1)  BENCH_IMPORT_BATCH (200)
//   BENCH_IDLE_SECONDS (60)  BENCH_SEED_BATCH (1000)  BENCH_REINDEX (0; 1 times the reindex commands)
//   BENCH_STEPS (creates,lag,search,match,import,idle: the measurements to take, after seeding)
// and the local runner's own: OPENCEN_OPENSEARCH_HEAP (e.g. 2g), OPENCEN_START_TIMEOUT (seconds).
// Progress goes to stderr ([bench] lines), figures to stdout, with a summary block at the end.

import 'reflect-metadata';
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

import { OFFICES, bulkCases, documentOf, draftOf } from './case-documents.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { startApps, freePort } = require(path.join(root, 'tests/e2e/support/stack.js'));
const { startStack } = require(path.join(root, 'infra/local/stack.js'));
const { ClientProxyFactory, Transport } = require('@nestjs/microservices');
const {
  CASE_SEARCHABLE_WITHIN_MS,
  CASE_FACETS,
  CASE_TEXT_FIELDS,
  addCaseImportRows,
  caseStatistics,
  finishCaseImport,
  getCaseImport,
  matchPersons,
  personDraftSchema,
  searchCases,
  startCaseImport,
} = require('@opencen/contracts');
const { ContractClient, givenFields } = require('@opencen/nest-kit');
const { demoUserToken } = require('@opencen/testing');
const mongoose = require('mongoose');

// The services' own built code: the query a search sends, and the keys a person is stored with.
const casesDist = (file) => require(path.join(root, 'apps/cases/dist', file));
const personsDist = (file) => require(path.join(root, 'apps/persons/dist', file));
const { caseQueryOf } = casesDist('search/domain/case-query.js');
const { caseReadScope } = casesDist('cases/domain/case-workflow.js');
const { CASE_SEARCH_INDEX, caseSearchDocument } = casesDist(
  'search/infrastructure/case-search.index.js',
);
const { caseOfDocument } = casesDist('cases/infrastructure/case.repository.js');
const { personSearchDocument } = personsDist('persons/infrastructure/person-search.index.js');
const {
  caseSearchQuery,
  caseSearchSort,
  caseStatisticsBody,
  FACET_FIELDS,
  FACET_SIZE,
  STATISTICS_PAGE,
} = casesDist('search/infrastructure/case-search.query.js');
const { PERSON_DRAFT_FIELDS, searchKeysOf, forMatching } = personsDist('persons/domain/person.js');
const { personKind } = personsDist('persons/domain/person-kind.js');
const { scorePersonMatch } = personsDist('persons/domain/matching/index.js');
const { readProjection, toStored } = personsDist('office-records/infrastructure/record-store.js');
const { PERSON_STORE_ONLY } = personsDist('persons/infrastructure/person.repository.js');

// ---- configuration ------------------------------------------------------------------------------

function whole(name, fallback, min = 0) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name}=${raw}: a whole number of at least ${min}`);
  return value;
}
/** The measurements BENCH_STEPS chooses from, in the order they run. */
const MEASUREMENTS = ['creates', 'lag', 'search', 'match', 'import', 'idle'];

const config = {
  cases: whole('BENCH_CASES', 100_000),
  persons: whole('BENCH_PERSONS', 1_000_000),
  creates: whole('BENCH_CREATES', 300, 1),
  concurrency: whole('BENCH_CONCURRENCY', 16, 1),
  lagSamples: whole('BENCH_LAG_SAMPLES', 100),
  searchSamples: whole('BENCH_SEARCH_SAMPLES', 200, 1),
  matchSamples: whole('BENCH_MATCH_SAMPLES', 300),
  importRows: whole('BENCH_IMPORT_ROWS', 2000),
  importRowsPerCase: whole('BENCH_IMPORT_ROWS_PER_CASE', 1, 1),
  importBatch: Math.min(1000, whole('BENCH_IMPORT_BATCH', 200, 1)), // IMPORT_BATCH_MAX
  idleSeconds: whole('BENCH_IDLE_SECONDS', 60, 1),
  seedBatch: whole('BENCH_SEED_BATCH', 1000, 1),
  // 1: the indexes are built by the services' reindex commands, timed; else each seeded batch is
  // indexed straight away with the services' own index documents (the reindex commands read the
  // whole collection sorted first on FerretDB: 13 min at 100,000 cases, 22 at 1,000,000 persons).
  reindex: whole('BENCH_REINDEX', 0) === 1,
  // The measurements to take (seeding always runs): all by default.
  steps: stepsOf(process.env.BENCH_STEPS),
};

function stepsOf(list) {
  const all = MEASUREMENTS;
  if (!list) return new Set(all);
  const steps = list.split(',').map((step) => step.trim());
  const unknown = steps.filter((step) => !all.includes(step));
  if (unknown.length > 0) {
    throw new Error(`BENCH_STEPS=${list}: unknown ${unknown.join(', ')} (known: ${all.join(',')})`);
  }
  return new Set(steps);
}
/** The persons service's PERSONS_MAX_CANDIDATES_SCORED: BENCH_MAX_CANDIDATES_SCORED, or its default. */
const MAX_CANDIDATES_SCORED = whole('BENCH_MAX_CANDIDATES_SCORED', 500, 10);
/** What a cap is compared with: every candidate a query can bring (the service's maximum default). */
const ALL_CANDIDATES = 500;
/** The alias of the people index (apps/persons person-search.index.ts). */
const PEOPLE_ALIAS = 'persons-people';
const LOG_DIR = path.join(root, '.opencen', 'logs', 'bench-search');

const say = (line) => process.stderr.write(`[bench] ${line}\n`);
const out = (line = '') => process.stdout.write(`${line}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => Number(process.hrtime.bigint()) / 1e6;
const int = (n) => Math.round(n).toLocaleString('en');
const fixed = (n, digits = 1) => (n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits));
const duration = (seconds) =>
  seconds < 120
    ? `${seconds.toFixed(1)} s`
    : `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;

// ---- measuring ---------------------------------------------------------------------------------

async function timed(work) {
  const start = now();
  const result = await work();
  return { ms: now() - start, result };
}
const percentile = (sorted, p) =>
  sorted.length === 0
    ? undefined
    : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
function summary(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    median: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1),
  };
}

/** Runs `work(i)` for i in [0, n), `concurrency` at a time: seconds taken and each latency (ms). */
async function inParallel(n, concurrency, work) {
  let next = 0;
  const latencies = [];
  const start = now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) {
        const i = next++;
        latencies.push((await timed(() => work(i))).ms);
      }
    }),
  );
  return { seconds: (now() - start) / 1000, latencies };
}

/** Progress of a long piece of work: a line at most every 10 s, with rate and time left. */
function progress(label, total) {
  const start = now();
  let last = start;
  return (done, force = false) => {
    const t = now();
    if (!force && t - last < 10_000 && done < total) return;
    last = t;
    const rate = done / Math.max(0.001, (t - start) / 1000);
    const left = rate > 0 ? (total - done) / rate : Infinity;
    say(
      `  ${label}: ${int(done)} of ${int(total)} (${int(rate)}/s${done < total ? `, about ${duration(left)} left` : ''})`,
    );
  };
}

// ---- the processes of the stack, from /proc ----------------------------------------------------

let clockTicks = 100; // USER_HZ; asked from getconf below when it answers
try {
  clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  // keep the usual Linux value
}

function readStat(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const close = stat.lastIndexOf(')');
  const fields = stat.slice(close + 2).split(' ');
  return {
    name: stat.slice(stat.indexOf('(') + 1, close),
    ppid: Number(fields[1]),
    ticks: Number(fields[11]) + Number(fields[12]), // utime + stime, all threads of the process
  };
}

function processTable() {
  const table = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      table.set(Number(entry), readStat(entry));
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/** What a process of the stack is: the app of a node process, which JVM a java process is. */
function labelOf(pid, name) {
  let cmdline = '';
  let cwd = '';
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
    cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    // not ours to read
  }
  if (name === 'node') {
    if (cwd.includes(`${path.sep}apps${path.sep}`)) return path.basename(cwd); // an app's dist/main.js
    if (cmdline.includes('reaper.js')) return 'watchdogs (infra/local reaper)';
    return 'node (other)';
  }
  if (name === 'java') {
    if (/opensearch/i.test(cmdline)) return 'OpenSearch';
    if (/keycloak|quarkus/i.test(cmdline)) return 'Keycloak';
  }
  if (/ferretdb/i.test(name)) return 'FerretDB';
  return name;
}

/** Every process this one started (the infrastructure, the nats-server, the apps), labelled. */
function stackProcesses() {
  const table = processTable();
  const chosen = new Set([process.pid]);
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
  return [...chosen].map((pid) => ({ pid, label: labelOf(pid, table.get(pid).name) }));
}

async function idleCpu(seconds) {
  const processes = stackProcesses();
  const before = processTable();
  const start = now();
  await sleep(seconds * 1000);
  const after = processTable();
  const elapsed = (now() - start) / 1000;
  const rows = new Map();
  for (const { pid, label } of processes) {
    const used = ((after.get(pid)?.ticks ?? 0) - (before.get(pid)?.ticks ?? 0)) / clockTicks;
    rows.set(label, (rows.get(label) ?? 0) + used);
  }
  const percent = (used) => (100 * used) / elapsed;
  return {
    seconds: elapsed,
    rows: [...rows].map(([label, used]) => ({ label, percent: percent(used) })),
    total: percent([...rows.values()].reduce((a, b) => a + b, 0)),
  };
}

function memory() {
  const rows = new Map();
  for (const { pid, label } of stackProcesses()) {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
      const row = rows.get(label) ?? { label, rssKb: 0, hwmKb: 0 };
      row.rssKb += kb('VmRSS');
      row.hwmKb += kb('VmHWM');
      rows.set(label, row);
    } catch {
      // gone meanwhile
    }
  }
  return [...rows.values()].sort((a, b) => b.rssKb - a.rssKb);
}

// ---- the stack ----------------------------------------------------------------------------------

/** Everything started, for the cleanup (at the end, on failure, on Ctrl-C). */
const running = {
  infra: null,
  apps: null,
  nats: null,
  tokens: null,
  connections: [],
  children: new Set(),
  stopping: null,
  interrupted: false,
};

function cleanup() {
  running.stopping ??= (async () => {
    running.tokens?.stop();
    for (const child of running.children) child.kill('SIGTERM');
    await running.nats?.onApplicationShutdown().catch(() => undefined);
    for (const connection of running.connections) await connection.close().catch(() => undefined);
    if (running.apps) {
      say('stopping the apps...');
      await running.apps.stop().catch((error) => say(`stopping the apps: ${error.message}`));
    }
    if (running.infra) {
      say('stopping FerretDB, Keycloak and OpenSearch...');
      await running.infra.stop().catch((error) => say(`stopping the stack: ${error.message}`));
    }
  })();
  return running.stopping;
}

const aborter = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (running.interrupted) {
      // Second signal: no more patience (the runner's exit handler and watchdog still reap).
      process.exit(130);
    }
    running.interrupted = true;
    say(`${signal}: stopping everything (again to exit at once)...`);
    aborter.abort();
    cleanup().finally(() => process.exit(130));
  });
}

/** Free ports, all different (the runner refuses two parts on one port). */
async function freePorts(count) {
  const ports = new Set();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/**
 * FerretDB, Keycloak and OpenSearch of our own: free ports (not the 27018 / 8180 / 9210 of
 * `npm run infra:up` and the test runs), data in a temporary directory removed at stop. The apps'
 * nats-server is started by startApps, on a free port too.
 */
async function startInfrastructure() {
  const env = { ...process.env };
  // Ours, whatever the shell says: a URL given for a part would make the runner use it instead.
  for (const name of ['NATS_URL', 'MONGO_URL', 'KEYCLOAK_URL', 'OPENSEARCH_URL']) delete env[name];
  const [mongo, keycloak, keycloakManagement, search, searchTransport, nats, natsMonitor] =
    await freePorts(7);
  Object.assign(env, {
    OPENCEN_MONGO_PORT: String(mongo),
    OPENCEN_KEYCLOAK_PORT: String(keycloak),
    OPENCEN_KEYCLOAK_MANAGEMENT_PORT: String(keycloakManagement),
    OPENCEN_OPENSEARCH_PORT: String(search),
    OPENCEN_OPENSEARCH_TRANSPORT_PORT: String(searchTransport),
    OPENCEN_NATS_PORT: String(nats),
    OPENCEN_NATS_MONITOR_PORT: String(natsMonitor),
    OPENCEN_LOG_DIR: LOG_DIR,
    // Two JVMs starting at once on a busy machine: the default 180 s can be short.
    OPENCEN_START_TIMEOUT: process.env.OPENCEN_START_TIMEOUT || '600',
  });
  return startStack({
    parts: ['mongo', 'keycloak', 'search'],
    fresh: true,
    env,
    log: (line) => say(line),
    handleSignals: false, // ours (above) stop the apps first, then the stack
    signal: aborter.signal,
  });
}

/** Access tokens of demo users, refreshed every minute outside the timed requests. */
async function keepTokens(keycloakUrl, users) {
  const current = new Map();
  const refresh = async () => {
    for (const user of users)
      current.set(user, (await demoUserToken(user, keycloakUrl)).access_token);
  };
  await refresh();
  const timer = setInterval(
    () => refresh().catch((error) => say(`token refresh: ${error.message}`)),
    60_000,
  );
  timer.unref();
  return { get: (user) => current.get(user), stop: () => clearInterval(timer) };
}

/** The principals the gateway makes of the demo users' tokens (infra/keycloak/opencen-realm.json). */
const PRINCIPALS = {
  officer: { sub: 'bench-officer', username: 'officer', roles: ['officer'], office: 'FRA-CDG' },
  analyst: { sub: 'bench-analyst', username: 'analyst', roles: ['analyst'], office: 'FRA-PAR' },
};

// ---- persons: a synthetic population with realistic name frequencies ---------------------------
//
// Candidate retrieval costs what the candidate sets cost, and those are as large as the name
// buckets: a population drawn from a few hundred names (the labelled set of persons-matching.mjs)
// has about 60 namesakes per name at a million, and candidate sets of several hundred. Names here are composed of syllables and drawn
// with Zipf-like frequencies, roughly those of a national register: 400,000 family names (the most
// frequent about 0.6 % of persons) and 8,000 given names (the most frequent about 2 %), a quarter
// with two given names, 5 % with an alias; a birth date for 95 % (10 % the year only), one
// nationality, a passport for 60 %. Deterministic: person i is the same in every run.

const FAMILY_SYLLABLES = (
  'ka lo mi ra ne to va ri so del mar ben gar lu pe an el or is ur ba co da fe gi ho ja ki le mo ' +
  'na pa qui sa te vi xa ze ber cas dor fer gon her lam mon nor pol ros sil tor val wen yan zor al ' +
  'en in on un'
).split(' '); // 60
const FAMILY_ENDINGS = ['', 'ez', 'ov', 'son'];
const GIVEN_SYLLABLES = (
  'ma ri jo an el lu ca mi sa da no ra le is be ti pa vi fe ga ho ju ka lo na ol pe ro si ta ul ' +
  'va ya ze ad em ir os ar ne'
).split(' '); // 40
const GIVEN_ENDINGS = ['', 'n', 'la', 'r', 'ne']; // 40 × 40 × 5 = 8,000 given names
const FAMILY_NAMES = 400_000;
const GIVEN_NAMES = 8_000;
const NATIONALITIES = 'BE ES PT IT DE NL MA DZ TN TR RU UA GR CN VN NG SN BR CO GB'.split(' ');

function hash32(n) {
  let h = (n ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
function mulberry32(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cumulative Zipf weights 1/k^s of ranks 1..n, normalised. */
function zipf(n, s) {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let k = 0; k < n; k++) cdf[k] = sum += 1 / (k + 1) ** s;
  for (let k = 0; k < n; k++) cdf[k] /= sum;
  return cdf;
}
/** The rank whose cumulative weight first reaches u. */
function rankOf(cdf, u) {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
let familyCdf;
let givenCdf;
const capital = (word) => word[0].toUpperCase() + word.slice(1);

/** The family name of a rank: three syllables and an ending (7919 is prime to 864,000: no repeats). */
function familyName(rank) {
  const x = (rank * 7919) % (60 * 60 * 60 * 4);
  const s = FAMILY_SYLLABLES;
  return capital(
    s[x % 60] +
      s[Math.floor(x / 60) % 60] +
      s[Math.floor(x / 3600) % 60] +
      FAMILY_ENDINGS[Math.floor(x / 216000)],
  );
}
function givenName(rank) {
  const x = (rank * 7919) % GIVEN_NAMES;
  const s = GIVEN_SYLLABLES;
  return capital(s[x % 40] + s[Math.floor(x / 40) % 40] + GIVEN_ENDINGS[Math.floor(x / 1600)]);
}

/** The draft of person i, as an officer would have entered it. */
function personDraftOf(i) {
  familyCdf ??= zipf(FAMILY_NAMES, 0.7);
  givenCdf ??= zipf(GIVEN_NAMES, 0.7);
  const rng = mulberry32(hash32(i));
  let family = familyName(rankOf(familyCdf, rng()));
  if (rng() < 0.1) family = family.replace('e', 'é'); // folded away by the keys, as in real data
  const first = givenName(rankOf(givenCdf, rng()));
  const second = givenName(rankOf(givenCdf, rng()));
  const givenNames = rng() < 0.25 ? `${first} ${second}` : first;
  const year = 1940 + Math.floor(rng() * 68);
  const month = String(1 + Math.floor(rng() * 12)).padStart(2, '0');
  const day = String(1 + Math.floor(rng() * 28)).padStart(2, '0');
  const dated = rng();
  const dateOfBirth =
    dated < 0.85 ? `${year}-${month}-${day}` : dated < 0.95 ? String(year) : undefined;
  const nationality = rng() < 0.4 ? 'FR' : NATIONALITIES[Math.floor(rng() * NATIONALITIES.length)];
  const passport = rng() < 0.6;
  const alias = rng() < 0.05 ? familyName(rankOf(familyCdf, rng())) : undefined;
  return {
    familyName: family,
    givenNames,
    aliases: alias ? [{ familyName: alias, givenNames: first }] : [],
    gender: /(a|e)$/.test(first) ? 'female' : 'male',
    ...(dateOfBirth ? { dateOfBirth } : {}),
    nationalities: [nationality],
    documents: passport
      ? [{ type: 'passport', number: passportNumber(i), issuingCountry: nationality }]
      : [],
  };
}
/** Unique per person (multiplication modulo a prime), looking random. */
function passportNumber(i) {
  return (((i + 1) * 48271) % 2147483647).toString(36).toUpperCase().padStart(7, '0');
}

/** The stored document of person i, as the persons' record store inserts it. */
function storedPersonOf(i, at) {
  const draft = personDraftSchema.parse(personDraftOf(i));
  const person = personKind.build(draft, {
    id: `bench-person-${i}`,
    office: OFFICES[i % OFFICES.length],
    createdAt: at,
    createdBy: 'bench',
    updatedAt: at,
    updatedBy: 'bench',
    version: 1,
    caseCount: 0,
  });
  return {
    ...toStored(personKind, person), // the fields, with the blocking keys, name keys, document numbers
    history: [
      {
        version: 1,
        at: new Date(at),
        by: 'bench',
        change: 'created',
        fields: givenFields(PERSON_DRAFT_FIELDS, draft),
      },
    ],
    outbox: [],
  };
}

const MATCH_VARIANTS = [
  'exact',
  'typo',
  'year only, no document',
  'no date, no document',
  'swapped',
];

/** The j-th match query: a stored person as typed again by an officer, in one of the variants. */
function matchQueryOf(j, stored) {
  const rng = mulberry32(hash32(0x5bd1e995 ^ j));
  const base = personDraftOf(Math.floor(rng() * stored));
  const kind = MATCH_VARIANTS[j % MATCH_VARIANTS.length];
  const { documents, dateOfBirth, ...rest } = base;
  let draft = base;
  if (kind === 'typo') {
    const name = base.familyName;
    const at = 1 + Math.floor(rng() * Math.max(1, name.length - 2));
    draft = {
      ...base,
      familyName: name.slice(0, at) + (name[at] === 'a' ? 'e' : 'a') + name.slice(at + 1),
    };
  } else if (kind === 'year only, no document') {
    draft = { ...rest, ...(dateOfBirth ? { dateOfBirth: dateOfBirth.slice(0, 4) } : {}) };
  } else if (kind === 'no date, no document') {
    draft = rest;
  } else if (kind === 'swapped') {
    draft = { ...base, familyName: base.givenNames, givenNames: base.familyName };
  }
  return { kind, draft, keys: searchKeysOf(personDraftSchema.parse(draft)).blockingKeys };
}

// ---- seeding -----------------------------------------------------------------------------------

/**
 * Inserts `total` documents in batches, the next batch being made while the previous one is
 * written (FerretDB works on the other core meanwhile). Resolves to the seconds taken.
 */
async function seed(label, total, make, write, { onRate } = {}) {
  const tick = progress(label, total);
  const start = now();
  let done = 0;
  let writing = null;
  let rated = false;
  for (let from = 0; from < total; from += config.seedBatch) {
    const batch = make(from, Math.min(config.seedBatch, total - from));
    if (writing) await writing;
    if (running.interrupted) throw new Error('interrupted');
    writing = write(batch).then(() => {
      done += batch.length;
      tick(done);
      const seconds = (now() - start) / 1000;
      if (!rated && onRate && (seconds > 20 || done === total)) {
        rated = true;
        onRate(done / seconds);
      }
    });
  }
  await writing;
  tick(done, true);
  return (now() - start) / 1000;
}

/**
 * Runs a service's reindex command (`node apps/<app>/dist/reindex.js`) with the service's
 * environment, its progress lines shown at most every 10 s: the documents copied and the seconds.
 */
function reindex(app, args, env) {
  return new Promise((resolve, reject) => {
    const start = now();
    const child = spawn(
      process.execPath,
      [path.join(root, 'apps', app, 'dist', 'reindex.js'), ...args],
      {
        cwd: path.join(root, 'apps', app),
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    running.children.add(child);
    let copied;
    let lastShown = 0;
    let errors = '';
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const done = /: (\d+) documents in (\S+)/.exec(line);
      if (done) copied = Number(done[1]);
      // Every batch says how far it got: show one such line every 10 s, and every other line.
      if (/ copied \(/.test(line) && now() - lastShown < 10_000) return;
      lastShown = now();
      say(`  [reindex ${app}] ${line}`);
    });
    child.stderr.on('data', (chunk) => (errors += chunk));
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      running.children.delete(child);
      const seconds = (now() - start) / 1000;
      if (code === 0) resolve({ copied, seconds });
      else
        reject(
          new Error(
            `${app} reindex ended with ${signal ?? `code ${code}`}: ${errors.trim().slice(-500)}`,
          ),
        );
    });
  });
}

// ---- the run ------------------------------------------------------------------------------------

async function main() {
  const results = {};
  const failures = [];
  /** One measurement: a failure is reported and the run goes on with the next one. */
  const step = async (name, work) => {
    if (running.interrupted) return;
    if (MEASUREMENTS.includes(name) && !config.steps.has(name)) return;
    try {
      results[name] = await work();
    } catch (error) {
      if (running.interrupted) return;
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      say(`${name} failed: ${error instanceof Error ? error.stack : String(error)}`);
    }
  };

  const started = new Date();
  out(`Search benchmark: ${int(config.cases)} cases, ${int(config.persons)} persons`);
  out(
    `${started.toISOString()}, Node ${process.version}, ${os.cpus().length} CPU (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
  );
  out();

  say('starting FerretDB, Keycloak and OpenSearch (private, free ports)...');
  running.infra = await startInfrastructure();
  const infra = running.infra;
  const searchUrl = infra.opensearchUrl;
  // startApps gives each backend OPENSEARCH_URL and a prefix of its own when this is set.
  process.env.OPENSEARCH_URL = searchUrl;
  say('starting nats-server, reference-data, persons, cases and the gateway...');
  const timeouts = { NATS_REQUEST_TIMEOUT_MS: '60000', LOG_LEVEL: 'warn' };
  running.apps = await startApps({
    mongoUrl: infra.mongoUrl,
    keycloakUrl: infra.keycloakUrl,
    database: `test_bench_${Date.now().toString(36)}`,
    gatewayEnv: { RATE_LIMIT_MAX: String(1e9), ...timeouts },
    referenceEnv: { LOG_LEVEL: 'warn' },
    personsEnv: { ...timeouts, PERSONS_MAX_CANDIDATES_SCORED: String(MAX_CANDIDATES_SCORED) },
    casesEnv: timeouts,
    log: say,
    logDir: LOG_DIR,
  });
  const apps = running.apps;
  if (!apps.casesDatabase || !apps.personsDatabase)
    throw new Error(
      'The cases and persons services must be built (apps/*/dist): npx turbo run build',
    );
  const casesPrefix = `${apps.casesDatabase.toLowerCase()}-`;
  const personsPrefix = `${apps.personsDatabase.toLowerCase()}-`;
  const casesAlias = `${casesPrefix}${CASE_SEARCH_INDEX.alias}`;
  const peopleAlias = `${personsPrefix}${PEOPLE_ALIAS}`;

  const casesDb = await mongoose
    .createConnection(infra.mongoUrl, { dbName: apps.casesDatabase })
    .asPromise();
  running.connections.push(casesDb);
  const personsDb = await mongoose
    .createConnection(infra.mongoUrl, { dbName: apps.personsDatabase })
    .asPromise();
  running.connections.push(personsDb);
  running.nats = new ContractClient(
    ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: apps.natsUrl } }),
    60_000,
  );
  running.tokens = await keepTokens(infra.keycloakUrl, ['officer', 'analyst']);
  const tokens = running.tokens;

  /**
   * A gateway call with a demo user's current token; the parsed reply. Every call says its
   * purpose (OpenCEN-Purpose), which the gateway requires of matches and records for reads.
   */
  const gateway = async (user, method, pathAndQuery, body) => {
    const response = await fetch(new URL(pathAndQuery, apps.gatewayUrl), {
      method,
      headers: {
        authorization: `Bearer ${tokens.get(user)}`,
        'OpenCEN-Purpose': 'benchmark',
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`${method} ${pathAndQuery}: ${response.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : undefined;
  };
  /** A request straight to OpenSearch (what the services' client sends, without the service). */
  const opensearch = async (method, pathname, body) => {
    const response = await fetch(`${searchUrl}${pathname}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`OpenSearch ${method} ${pathname}: ${response.status} ${text.slice(0, 300)}`);
    return JSON.parse(text);
  };
  const send = (contract, payload, principal = PRINCIPALS.officer) =>
    running.nats.send(contract, payload, {
      context: { correlationId: randomUUID(), principal },
    });
  const indexCount = async (alias) => {
    await opensearch('POST', `/${alias}/_refresh`);
    return (await opensearch('GET', `/${alias}/_count`)).count;
  };
  /** Index documents as the services' projectors write them: external versions, by alias. */
  const bulkIndex = async (alias, projected) => {
    const body = projected
      .flatMap(({ id, version, document }) => [
        JSON.stringify({ index: { _index: alias, _id: id, version, version_type: 'external' } }),
        JSON.stringify(document),
      ])
      .join('\n');
    const response = await fetch(`${searchUrl}/_bulk?require_alias=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson' },
      body: `${body}\n`,
    });
    const reply = await response.json();
    if (!response.ok || reply.errors) {
      const failed = reply.items?.find((item) => item.index?.error)?.index.error;
      throw new Error(
        `bulk indexing into ${alias} failed: ${JSON.stringify(failed ?? reply).slice(0, 300)}`,
      );
    }
  };

  const versions = {
    opensearch: (await opensearch('GET', '/')).version?.number,
    ferretdb: await casesDb.db
      .admin()
      .command({ buildInfo: 1 })
      .then((info) => info.ferretdb?.version ?? `? (says MongoDB ${info.version})`)
      .catch(() => undefined),
  };
  out(`FerretDB ${versions.ferretdb ?? '?'} (SQLite), OpenSearch ${versions.opensearch ?? '?'}`);
  out();
  const reindexEnv = (database, prefix) => ({
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    NATS_URL: apps.natsUrl,
    MONGO_URL: infra.mongoUrl,
    MONGO_DB: database,
    OPENSEARCH_URL: searchUrl,
    OPENSEARCH_INDEX_PREFIX: prefix,
    LOG_LEVEL: 'warn',
  });

  // ---- seeding and index rebuilds ----
  await step('seed cases', async () => {
    const at = new Date().toISOString();
    const cases = casesDb.db.collection('cases');
    const claims = casesDb.db.collection('case_numbers');
    say(
      `inserting ${int(config.cases)} cases (and their number claims), ${config.seedBatch} a batch...`,
    );
    const seconds = await seed(
      'cases',
      config.cases,
      (from, n) => bulkCases(from, n, at),
      async (batch) => {
        const stored = batch.map((b) => b.kase);
        await Promise.all([
          (async () => {
            await cases.insertMany(stored, { ordered: false });
            await claims.insertMany(
              batch.map((b) => b.claim),
              { ordered: false },
            );
          })(),
          config.reindex
            ? undefined
            : bulkIndex(
                casesAlias,
                stored.map((c) => caseSearchDocument(caseOfDocument(c))),
              ),
        ]);
      },
    );
    return {
      count: config.cases,
      seconds,
      indexed: config.reindex ? undefined : await indexCount(casesAlias),
    };
  });
  if (config.reindex)
    await step('reindex cases', async () => {
      say('rebuilding the cases index: node apps/cases/dist/reindex.js');
      const run = await reindex('cases', [], reindexEnv(apps.casesDatabase, casesPrefix));
      return { ...run, indexed: await indexCount(casesAlias) };
    });
  if (config.persons > 0) {
    await step('seed persons', async () => {
      const at = new Date().toISOString();
      const persons = personsDb.db.collection('persons');
      say(`inserting ${int(config.persons)} persons, ${config.seedBatch} a batch...`);
      const seconds = await seed(
        'persons',
        config.persons,
        (from, n) => Array.from({ length: n }, (_, k) => storedPersonOf(from + k, at)),
        (batch) =>
          Promise.all([
            persons.insertMany(batch, { ordered: false }),
            config.reindex ? undefined : bulkIndex(peopleAlias, batch.map(personSearchDocument)),
          ]),
        {
          onRate: (rate) =>
            say(
              `  persons: ${int(rate)}/s so far: ${int(config.persons)} take about ${duration(config.persons / rate)} ` +
                '(set BENCH_PERSONS for another size)',
            ),
        },
      );
      return {
        count: config.persons,
        seconds,
        indexed: config.reindex ? undefined : await indexCount(peopleAlias),
      };
    });
    if (config.reindex)
      await step('reindex persons', async () => {
        say(
          `rebuilding the people index: node apps/persons/dist/reindex.js --index ${PEOPLE_ALIAS}`,
        );
        const run = await reindex(
          'persons',
          ['--index', PEOPLE_ALIAS],
          reindexEnv(apps.personsDatabase, personsPrefix),
        );
        return { ...run, indexed: await indexCount(peopleAlias) };
      });
  }
  report.seeding(results);

  // ---- 1. create throughput ----
  await step('creates', async () => {
    const drafts = Array.from({ length: config.creates }, (_, i) => ({
      draft: draftOf(10_000 + i, 'FRA-CDG'),
    }));
    const at = new Date().toISOString();
    const documents = Array.from({ length: config.creates }, (_, i) => ({
      ...documentOf(10_000 + i, 'FRA-CDG', at),
      _id: `scratch-${i}`,
    }));
    const scratch = casesDb.db.collection('bench_inserts');
    say(
      `warm-up: ${config.concurrency} creates through the gateway, ${config.concurrency} inserts`,
    );
    await inParallel(config.concurrency, config.concurrency, (i) =>
      gateway('officer', 'POST', '/api/v1/cases', { draft: draftOf(20_000 + i, 'FRA-CDG') }),
    );
    await inParallel(config.concurrency, config.concurrency, (i) =>
      scratch.insertOne({ ...documentOf(20_000 + i, 'FRA-CDG', at), _id: `warm-${i}` }),
    );
    say(`creating ${config.creates} cases through the gateway, ${config.concurrency} at a time...`);
    const viaGateway = await inParallel(config.creates, config.concurrency, (i) =>
      gateway('officer', 'POST', '/api/v1/cases', drafts[i]),
    );
    say(
      `inserting ${config.creates} case documents into a scratch collection, ${config.concurrency} at a time...`,
    );
    const raw = await inParallel(config.creates, config.concurrency, (i) =>
      scratch.insertOne(documents[i]),
    );
    await scratch.drop().catch(() => undefined);
    return {
      gateway: { rate: config.creates / viaGateway.seconds, ...summary(viaGateway.latencies) },
      raw: { rate: config.creates / raw.seconds, ...summary(raw.latencies) },
    };
  });
  report.creates(results.creates);

  // ---- 4. commit-to-searchable lag (right after the creates: the same write path) ----
  if (config.lagSamples > 0) {
    await step('lag', async () => {
      say(
        `${config.lagSamples} creates, each followed by a search of the cases alias every 10 ms...`,
      );
      const lags = [];
      let polls = 0;
      let late = 0;
      let missing = 0;
      for (let i = 0; i < config.lagSamples; i++) {
        const { id } = await gateway('officer', 'POST', '/api/v1/cases', {
          draft: draftOf(30_000 + i, 'FRA-CDG'),
        });
        const acknowledged = now();
        for (;;) {
          const pollStart = now();
          polls += 1;
          // A search, not GET _doc: a GET is real-time (it reads the translog), searchable is
          // what search and statistics see, after a refresh.
          const reply = await opensearch('POST', `/${casesAlias}/_search`, {
            size: 0,
            track_total_hits: true,
            query: { ids: { values: [id] } },
          });
          const lag = now() - acknowledged;
          if (reply.hits.total.value > 0) {
            lags.push(lag);
            if (lag > CASE_SEARCHABLE_WITHIN_MS) late += 1;
            break;
          }
          if (lag > 60_000) {
            missing += 1;
            break;
          }
          await sleep(Math.max(0, 10 - (now() - pollStart)));
        }
      }
      return { ...summary(lags), polls: polls / config.lagSamples, late, missing };
    });
    report.lag(results.lag);
  }

  // ---- 2. search and statistics: gateway against the same query sent to OpenSearch ----
  const searches = [
    {
      label: 'officer: own office, Jan–Mar 2026',
      user: 'officer',
      params: { office: 'FRA-CDG', detectedFrom: '2026-01-01', detectedTo: '2026-03-31' },
    },
    {
      label: 'analyst: category TOBACCO',
      user: 'analyst',
      params: { commodityCategory: 'TOBACCO' },
    },
    { label: 'analyst: text "cocaine"', user: 'analyst', params: { text: 'cocaine' } },
    {
      label: 'analyst: text "cannabis", country MA',
      user: 'analyst',
      params: { text: 'cannabis', country: 'MA' },
    },
    {
      label: 'analyst: year 2025, facets=true',
      user: 'analyst',
      params: { detectedFrom: '2025-01-01', detectedTo: '2025-12-31', facets: true },
    },
    {
      label: 'analyst: statistics of DRUGS',
      user: 'analyst',
      params: { commodityCategory: 'DRUGS' },
      statistics: true,
    },
  ];
  /** The body OpenSearchCaseSearchStore.search sends for a request (one more than the page). */
  const searchBody = (params, principal) => {
    const {
      sort,
      order,
      limit,
      cursor: _cursor,
      facets,
      ...filter
    } = searchCases.request.parse(params);
    const query = caseQueryOf(filter, caseReadScope(principal));
    return {
      query: caseSearchQuery(query),
      sort: caseSearchSort({ field: sort, direction: order }),
      size: limit + 1,
      track_total_hits: true,
      _source: { excludes: ['measures', ...CASE_TEXT_FIELDS] },
      ...(query.text !== undefined
        ? {
            highlight: {
              fields: Object.fromEntries(
                CASE_TEXT_FIELDS.map((field) => [`${field}*`, { number_of_fragments: 3 }]),
              ),
            },
          }
        : {}),
      ...(facets
        ? {
            aggs: Object.fromEntries(
              CASE_FACETS.map((facet) => [
                facet,
                { terms: { field: FACET_FIELDS[facet], size: FACET_SIZE } },
              ]),
            ),
          }
        : {}),
    };
  };
  /** The pages OpenSearchCaseSearchStore.statistics sends: the total and the composite sums. */
  const rawStatistics = async (params, principal) => {
    const query = caseQueryOf(caseStatistics.request.parse(params), caseReadScope(principal));
    let afterKey;
    let reply;
    let took = 0;
    do {
      reply = await opensearch(
        'POST',
        `/${casesAlias}/_search`,
        caseStatisticsBody(query, afterKey),
      );
      took += reply.took;
      const sums = reply.aggregations.measures.sums;
      afterKey = sums.buckets.length === STATISTICS_PAGE ? sums.after_key : undefined;
    } while (afterKey);
    return { total: reply.hits.total.value, took };
  };
  await step('search', async () => {
    const rows = [];
    for (const search of searches) {
      const principal = PRINCIPALS[search.user];
      const qs = new URLSearchParams(
        Object.entries(search.params).map(([key, value]) => [key, String(value)]),
      ).toString();
      const body = search.statistics ? undefined : searchBody(search.params, principal);
      const ways = {
        gateway: async () => {
          const reply = await gateway(
            search.user,
            'GET',
            `/api/v1/cases${search.statistics ? '/statistics' : ''}?${qs}`,
          );
          return { total: search.statistics ? reply.cases : reply.total };
        },
        raw: async () => {
          if (search.statistics) return rawStatistics(search.params, principal);
          const reply = await opensearch('POST', `/${casesAlias}/_search`, body);
          return { total: reply.hits.total.value, took: reply.took };
        },
      };
      say(`${search.label}: ${config.searchSamples} requests each way, interleaved...`);
      for (let i = 0; i < 10; i++) for (const way of Object.values(ways)) await way(); // warm-up
      const samples = { gateway: [], raw: [], took: [] };
      const totals = {};
      for (let i = 0; i < config.searchSamples; i++) {
        // Alternate which goes first, so that neither always profits from the other's caches.
        for (const name of i % 2 ? ['raw', 'gateway'] : ['gateway', 'raw']) {
          const { ms, result } = await timed(ways[name]);
          samples[name].push(ms);
          if (name === 'raw') samples.took.push(result.took);
          totals[name] = result.total;
        }
      }
      rows.push({
        label: search.label,
        path: `${search.statistics ? '/api/v1/cases/statistics' : '/api/v1/cases'}?${qs}`,
        gateway: summary(samples.gateway),
        raw: summary(samples.raw),
        took: summary(samples.took),
        totals,
      });
    }
    return rows;
  });
  report.search(results.search);

  // ---- 3. match latency ----
  if (config.persons > 0 && config.matchSamples > 0) {
    await step('match', async () => {
      const persons = personsDb.db.collection('persons');
      // What the repository leaves out of a read.
      const projection = readProjection(PERSON_STORE_ONLY);
      const candidateQuery = (keys, size = MAX_CANDIDATES_SCORED) =>
        opensearch('POST', `/${peopleAlias}/_search`, {
          _source: ['forMatching'],
          track_total_hits: false,
          size,
          query: {
            bool: {
              should: keys.map((key) => ({ term: { blockingKeys: key } })),
              minimum_should_match: 1,
              must_not: [{ exists: { field: 'mergedInto' } }],
            },
          },
          sort: ['_score', { id: 'asc' }],
        });
      const stored = results['seed persons']?.count ?? config.persons;
      const queries = Array.from({ length: config.matchSamples }, (_, j) =>
        matchQueryOf(j, stored),
      );
      const ways = {
        gateway: (q) =>
          gateway('officer', 'POST', '/api/v1/persons/match', { draft: q.draft, limit: 10 }),
        nats: (q) => send(matchPersons, { draft: q.draft, limit: 10 }),
        'raw: candidate query': (q) => candidateQuery(q.keys),
        // The service scores what the query returns and reads only those it answers, by _id.
        'raw: query + reads by _id': async (q) => {
          const reply = await candidateQuery(q.keys);
          await Promise.all(
            reply.hits.hits
              .slice(0, q.answered)
              .map((hit) => persons.findOne({ _id: hit._id }, { projection })),
          );
          return reply;
        },
      };
      // Each query's answer, and the answer every candidate scored would give (the service's own
      // scoring of all that the query can bring), to see what a lower cap leaves out.
      say('match: each query answered once, and scored over all its candidates...');
      let sameAnswers = 0;
      for (const q of queries) {
        const { candidates } = await send(matchPersons, { draft: q.draft, limit: 10 });
        q.answered = candidates.length;
        const wanted = forMatching(personDraftSchema.parse(q.draft));
        const all = await candidateQuery(q.keys, ALL_CANDIDATES);
        const best = all.hits.hits
          .map((hit) => ({ id: hit._id, ...scorePersonMatch(wanted, hit._source.forMatching) }))
          .filter((match) => match.strength !== 'weak')
          .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
          .slice(0, 10)
          .map((match) => match.id);
        const answer = candidates.map((candidate) => candidate.person.id);
        if (JSON.stringify(answer) === JSON.stringify(best)) sameAnswers += 1;
      }
      const names = Object.keys(ways);
      say(
        `match: ${config.matchSamples} queries, each sent the ${names.length} ways, interleaved...`,
      );
      for (let j = 0; j < Math.min(20, queries.length); j++)
        for (const name of names) await ways[name](queries[j]);
      const samples = Object.fromEntries(names.map((name) => [name, []]));
      const candidateSets = [];
      const returned = [];
      const byKind = new Map();
      const tick = progress('match queries', queries.length);
      for (let j = 0; j < queries.length; j++) {
        for (let k = 0; k < names.length; k++) {
          const name = names[(j + k) % names.length]; // rotate the order
          const { ms, result } = await timed(() => ways[name](queries[j]));
          samples[name].push(ms);
          if (name === 'raw: candidate query') candidateSets.push(result.hits.hits.length);
          if (name === 'gateway') {
            returned.push(result.candidates.length);
            const kind = byKind.get(queries[j].kind) ?? [];
            kind.push(ms);
            byKind.set(queries[j].kind, kind);
          }
        }
        tick(j + 1);
      }
      return {
        stored,
        ways: Object.fromEntries(names.map((name) => [name, summary(samples[name])])),
        candidateSets: summary(candidateSets),
        capped: candidateSets.filter((n) => n >= MAX_CANDIDATES_SCORED).length,
        sameAnswers,
        returned: summary(returned),
        byKind: [...byKind].map(([kind, values]) => ({ kind, ...summary(values) })),
      };
    });
    report.match(results.match);
  }

  // ---- 5. import ----
  if (config.importRows > 0) {
    await step('import', async () => {
      const runId = Date.now().toString(36);
      const rows = Array.from({ length: config.importRows }, (_, i) => {
        const c = Math.floor(i / config.importRowsPerCase);
        const d = draftOf(40_000 + c, 'FRA-CDG');
        const item = d.items[(i % config.importRowsPerCase) % d.items.length];
        return {
          row: i + 2, // the header is row 1
          cells: {
            reference: `BENCH-${runId}-${c}`,
            type: d.type,
            detectedAt: d.detectedAt,
            detectionOffice: 'FRA-CDG',
            country: 'FR',
            detectionMethods: d.detectionMethods.join(';'),
            departureCountry: d.route.departureCountry,
            transitCountries: d.route.transitCountries.join(';'),
            destinationCountry: d.route.destinationCountry,
            narrative: d.narrative,
            commodityCategory: item.commodityCategory,
            hsCode: item.hsCode,
            description: item.description,
            quantity: String(item.quantity),
            unit: item.unit,
            value: String(item.estimatedValue.amount),
            currency: item.estimatedValue.currency,
            concealmentMethod: item.concealment.method,
          },
        };
      });
      say(`import: ${int(rows.length)} rows, ${config.importBatch} a request...`);
      const start = now();
      const job = await send(startCaseImport, {
        fileName: 'bench.csv',
        format: 'csv',
        dryRun: false,
      });
      for (let i = 0; i < rows.length; i += config.importBatch) {
        await send(addCaseImportRows, {
          importId: job.id,
          rows: rows.slice(i, i + config.importBatch),
        });
      }
      const rowsSent = now();
      let state = await send(finishCaseImport, { importId: job.id });
      let lastShown = now();
      while (state.status === 'importing') {
        if (running.interrupted) throw new Error('interrupted');
        await sleep(100);
        state = await send(getCaseImport, { importId: job.id });
        if (now() - lastShown > 10_000) {
          lastShown = now();
          say(`  import: ${state.imported} of ${state.validCases} cases imported`);
        }
      }
      const end = now();
      return {
        rows: rows.length,
        seconds: (end - start) / 1000,
        rowsSeconds: (rowsSent - start) / 1000,
        finishSeconds: (end - rowsSent) / 1000,
        state,
      };
    });
    report.import(results.import);
  }

  // ---- 6, 7. idle CPU and memory ----
  await step('idle', async () => {
    // Let the projection index what the run wrote, then nothing of ours may touch the stack.
    const stored = await casesDb.db.collection('cases').estimatedDocumentCount();
    const deadline = now() + 120_000;
    while ((await indexCount(casesAlias)) < stored && now() < deadline) await sleep(1000);
    tokens.stop();
    await running.nats.onApplicationShutdown().catch(() => undefined);
    running.nats = null;
    for (const connection of running.connections.splice(0)) await connection.close();
    await sleep(10_000);
    say(`measuring the stack idle for ${config.idleSeconds} s...`);
    return idleCpu(config.idleSeconds);
  });
  results.memory = memory();
  report.idle(results.idle, results.memory);

  out();
  out('----- summary (paste into bench/README.md) -----');
  out('```text');
  for (const line of summaryLines(results, versions, started)) out(line);
  if (failures.length) {
    out('not measured:');
    for (const failure of failures) out(`  ${failure}`);
  }
  out('```');
}

// ---- reporting ----------------------------------------------------------------------------------

const mib = (kb) => `${Math.round(kb / 1024)} MiB`;
const medianP99 = (s) => `${fixed(s?.median)} / ${fixed(s?.p99)}`;
const percent = (part, whole) => `${((100 * part) / whole).toFixed(0)} %`;
const times = (a, b) => `${(a / b).toFixed(1)}×`;

/** A row of a table: the label, then columns right-aligned to the given widths. */
const row = (label, width, ...columns) =>
  `  ${label.padEnd(width)}${columns.map(([text, w]) => String(text).padStart(w)).join('')}`;
const MATCH_WAYS = {
  gateway: 'POST /api/v1/persons/match (gateway)',
  nats: 'persons.person.match over NATS',
  'raw: candidate query': 'raw: candidate query (OpenSearch)',
  'raw: query + reads by _id': 'raw: + each one answered by _id (FerretDB)',
};

/** Lines of each figure, printed as soon as it is measured and again in the summary. */
const lines = {
  seeding(r) {
    const list = [];
    const seeded = [
      ['cases, with their number claims', r['seed cases']],
      ['persons', r['seed persons']],
    ].filter(([, s]) => s && s.count > 0);
    if (seeded.length) {
      list.push(
        `seeding: insertMany straight into FerretDB, ${config.seedBatch} a batch` +
          (config.reindex ? '' : ', each batch indexed meanwhile (_bulk)'),
      );
      for (const [label, s] of seeded)
        list.push(
          row(label, 44, [`${int(s.count / s.seconds)}/s`, 10], [duration(s.seconds), 12]) +
            `  for ${int(s.count)}` +
            (s.indexed !== undefined ? ` (alias counts ${int(s.indexed)})` : ''),
        );
    }
    const rebuilt = [
      ['cases: apps/cases/dist/reindex.js', r['reindex cases']],
      [`persons: reindex.js --index ${PEOPLE_ALIAS}`, r['reindex persons']],
    ].filter(([, s]) => s);
    if (rebuilt.length) {
      list.push("index rebuild: the services' reindex command, documents/s");
      for (const [label, s] of rebuilt)
        list.push(
          row(
            label,
            44,
            [`${int((s.copied ?? s.indexed) / s.seconds)}/s`, 10],
            [duration(s.seconds), 12],
          ) + `  for ${int(s.copied ?? 0)} (alias counts ${int(s.indexed)})`,
        );
    }
    return list;
  },
  creates(c) {
    if (!c) return [];
    const title = `create throughput: ${config.creates} cases, ${config.concurrency} at a time`;
    return [
      `${title.padEnd(46)}${'cases/s'.padStart(10)}${'median / p99 ms'.padStart(20)}`,
      row(
        'POST /api/v1/cases (gateway, token)',
        44,
        [fixed(c.gateway.rate), 10],
        [medianP99(c.gateway), 20],
      ),
      row(
        'insertOne, scratch collection (raw)',
        44,
        [fixed(c.raw.rate), 10],
        [medianP99(c.raw), 20],
      ),
      row('gateway ÷ raw', 44, [percent(c.gateway.rate, c.raw.rate), 10]) + '   (target ≥ 50 %)',
    ];
  },
  lag(l) {
    if (!l) return [];
    return [
      `commit-to-searchable: ${config.lagSamples} creates, each followed by an ids search of the alias every 10 ms`,
      `  median ${fixed(l.median, 0)} ms, p99 ${fixed(l.p99, 0)} ms, max ${fixed(l.max, 0)} ms ` +
        `(${fixed(l.polls)} searches a create); over ${CASE_SEARCHABLE_WITHIN_MS} ms: ${l.late}; ` +
        `not found within 60 s: ${l.missing}`,
    ];
  },
  search(rows) {
    if (!rows) return [];
    const title = `search and statistics: ${config.searchSamples} each way`;
    const list = [
      `${title.padEnd(42)}${'gateway ms'.padStart(15)}${'raw ms'.padStart(15)}${'gateway ÷ raw'.padStart(15)}` +
        `${'took ms'.padStart(9)}${'matches'.padStart(10)}`,
      `${''.padEnd(42)}${'median / p99'.padStart(15)}${'median / p99'.padStart(15)}${'median  p99'.padStart(15)}` +
        `${'median'.padStart(9)}`,
    ];
    for (const r of rows) {
      const differ = r.totals.gateway === r.totals.raw ? '' : ` (raw: ${r.totals.raw})`;
      list.push(
        row(
          r.label,
          40,
          [medianP99(r.gateway), 15],
          [medianP99(r.raw), 15],
          [times(r.gateway.median, r.raw.median), 10],
          [times(r.gateway.p99, r.raw.p99), 5],
          [fixed(r.took.median, 0), 9],
          [r.totals.gateway, 10],
        ) + differ,
      );
    }
    list.push(
      "  raw: the service's body POSTed to the cases alias; took: OpenSearch's own time of it",
      '  targets: p99 ≤ 100 ms through the gateway, and ≤ 2× raw',
      '  requests:',
      ...rows.map((r) => `    ${r.label}: GET ${r.path}`),
    );
    return list;
  },
  match(m) {
    if (!m) return [];
    const list = [
      `match at ${int(m.stored)} stored persons: ${m.candidateSets.n} queries (limit 10), each sent every way`,
      `${''.padEnd(46)}${'median / p99 / max ms'.padStart(24)}`,
    ];
    for (const [name, s] of Object.entries(m.ways))
      list.push(
        row(MATCH_WAYS[name] ?? name, 44, [
          `${fixed(s.median)} / ${fixed(s.p99)} / ${fixed(s.max)}`,
          24,
        ]),
      );
    const raw = m.ways['raw: query + reads by _id'];
    list.push(
      row('gateway ÷ raw (query + reads)', 44, [
        `${times(m.ways.gateway.median, raw.median)} / ${times(m.ways.gateway.p99, raw.p99)}`,
        24,
      ]),
      `  candidate set (ids the query returns, at most ${MAX_CANDIDATES_SCORED}): median ${m.candidateSets.median}, ` +
        `p99 ${m.candidateSets.p99}, max ${m.candidateSets.max}; ${m.capped} queries at the cap; ` +
        `candidates answered: median ${m.returned.median}`,
      `  answers the same as with every candidate (up to ${ALL_CANDIDATES}) scored: ${m.sameAnswers} of ${m.returned.n}`,
      `  gateway by query kind, median / p99 ms: ${m.byKind.map((k) => `${k.kind} ${medianP99(k)}`).join('; ')}`,
      '  target: p99 ≤ 50 ms',
    );
    return list;
  },
  import(i) {
    if (!i) return [];
    const s = i.state;
    const problem = s.problems?.[0];
    return [
      `import over NATS: cases.import.start, .rows (${config.importBatch} a request), .finish, .get until imported`,
      `  ${fixed(i.rows / i.seconds)} rows/s: ${int(i.rows)} rows (${config.importRowsPerCase} a case) in ` +
        `${duration(i.seconds)}: rows sent and checked in ${duration(i.rowsSeconds)}, cases stored in ` +
        `${duration(i.finishSeconds)} (target ≥ 2,000 rows/s)`,
      `  imported ${s.imported} of ${s.validCases} valid cases (${s.cases} in the file, ${s.badRows} bad rows, ` +
        `${s.failed} failed${problem ? `; first problem: row ${problem.row}, ${problem.column}: ${problem.reason}` : ''})`,
    ];
  },
  idle(idle, mem) {
    const list = [];
    if (idle) {
      list.push(
        `idle CPU over ${idle.seconds.toFixed(0)} s, % of one core (utime + stime, /proc/<pid>/stat)`,
      );
      for (const r of [...idle.rows].sort((a, b) => b.percent - a.percent))
        list.push(row(r.label, 32, [`${r.percent.toFixed(2)} %`, 10]));
      list.push(row('whole stack', 32, [`${idle.total.toFixed(2)} %`, 10]) + '   (target < 5 %)');
    }
    if (mem?.length) {
      list.push('memory at the end (/proc/<pid>/status)              VmRSS    peak VmHWM');
      for (const r of mem) list.push(row(r.label, 44, [mib(r.rssKb), 10], [mib(r.hwmKb), 14]));
    }
    return list;
  },
};
const report = Object.fromEntries(
  Object.entries(lines).map(([name, make]) => [
    name,
    (...args) => {
      for (const line of make(...args)) out(line);
      out();
    },
  ]),
);

function summaryLines(r, versions, started) {
  const sections = [
    lines.seeding(r),
    lines.creates(r.creates),
    lines.search(r.search),
    lines.match(r.match),
    lines.lag(r.lag),
    lines.import(r.import),
    lines.idle(r.idle, r.memory),
  ].filter((section) => section.length > 0);
  return [
    `Search benchmark, ${started.toISOString().slice(0, 10)}: ${int(r['seed cases']?.count ?? 0)} cases, ` +
      `${int(r['seed persons']?.count ?? 0)} persons; ${os.cpus().length} CPU, Node ${process.version}, ` +
      `FerretDB ${versions.ferretdb ?? '?'}, OpenSearch ${versions.opensearch ?? '?'}`,
    ...sections.flatMap((section) => ['', ...section]),
  ];
}

main()
  .catch((error) => {
    if (!running.interrupted)
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    if (!running.interrupted) return cleanup();
    return undefined;
  });
