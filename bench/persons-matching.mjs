#!/usr/bin/env node
// Benchmark: quality and speed of person matching (apps/persons, src/persons/domain/matching).
//   1. Quality: a labelled set generated from a seed (base identities in Cyrillic, Greek, Arabic
//      and Latin with diacritics, each with 1–3 variants: other transliterations, typos, swapped
//      names, partial birth dates, missing fields, spaced document numbers). Every base identity is
//      stored; every variant is a query. The candidate list is computed the way the persons
//      service does: blocking keys → persons sharing one → scorePersonMatch → keep strong and
//      possible. Prints precision and recall, overall and per variant kind and origin.
//   2. Speed: the same pipeline against an in-memory blocking-key index (Map key → ids) of 100,000
//      and 1,000,000 generated persons. This measures the matching algorithm, NOT the search
//      index the service asks (bench/search.mjs measures that). The candidate-set size is printed
//      too, as it is what drives latency on any index.
// Prints figures only: nothing here is an assertion (the floors are in matching-quality.spec.ts).
//
//   npm run build && node bench/persons-matching.mjs [--persons 10000] [--stored 100000,1000000]
//     [--queries 2000] [--seed 1]

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const matchingDist = path.join(root, 'apps/persons/dist/persons/domain/matching');
const generatorSource = path.join(
  root,
  'apps/persons/src/persons/domain/matching/testing/labelled-persons.ts',
);
/** Where the generator's own folder is in the build: its relative imports resolve from there. */
const generatorDist = path.join(matchingDist, 'testing');

const { values: options } = parseArgs({
  options: {
    persons: { type: 'string', default: '10000' },
    stored: { type: 'string', default: '100000,1000000' },
    queries: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
  },
});
const persons = Number(options.persons);
const storedSizes = options.stored
  .split(',')
  .filter(Boolean)
  .map((n) => Number(n));
const queryCount = Number(options.queries);
const seed = Number(options.seed);
const say = (line) => process.stderr.write(`[bench] ${line}\n`);
const out = (line = '') => process.stdout.write(`${line}\n`);

let matching;
try {
  matching = require(matchingDist);
} catch {
  throw new Error('apps/persons is not built: run `npm run build` first.');
}
const { personBlockingKeys, scorePersonMatch } = matching;

/**
 * The generator is test code (excluded from the build): transpile it with the repository's
 * TypeScript, pointing its relative imports at the built code they name.
 */
function loadGenerator() {
  const ts = require('typescript');
  const { outputText } = ts.transpileModule(readFileSync(generatorSource, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  const code = outputText.replace(
    /require\("(\.{1,2}\/[^"]+)"\)/g,
    (_, relative) => `require(${JSON.stringify(path.resolve(generatorDist, relative))})`,
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), 'opencen-bench-persons-'));
  try {
    const file = path.join(dir, 'labelled-persons.cjs');
    writeFileSync(file, code);
    return require(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const pct = (x) => (Number.isNaN(x) ? '   n/a' : `${(100 * x).toFixed(2).padStart(6)}%`);
const ms = (x) => `${x.toFixed(3)} ms`;

/** An in-memory stand-in for the indexed `blockingKeys` array: key → ids of stored persons. */
class BlockingIndex {
  keys = new Map();
  persons = [];

  add(person) {
    const id = this.persons.length;
    this.persons.push(person);
    for (const key of personBlockingKeys(person)) {
      const ids = this.keys.get(key);
      if (ids) ids.push(id);
      else this.keys.set(key, [id]);
    }
    return id;
  }

  /** Ids sharing at least one key with the query (`{ blockingKeys: { $in: keys } }`). */
  candidates(query) {
    const found = new Set();
    for (const key of personBlockingKeys(query)) {
      for (const id of this.keys.get(key) ?? []) found.add(id);
    }
    return found;
  }

  /** As the service: candidates scored, weak ones left out. */
  match(query) {
    const found = this.candidates(query);
    const kept = [];
    for (const id of found) {
      const match = scorePersonMatch(query, this.persons[id]);
      if (match.strength !== 'weak') kept.push({ id, ...match });
    }
    return { found: found.size, kept };
  }
}

/** Precision (of all candidates returned) and recall (queries whose person is among them). */
function tally() {
  return { queries: 0, found: 0, returned: 0, correct: 0, strong: 0, strongCorrect: 0 };
}

function record(t, identityOfId, variant, result) {
  t.queries += 1;
  t.returned += result.kept.length;
  const hits = result.kept.filter((c) => identityOfId(c.id) === variant.identity).length;
  t.correct += hits;
  for (const c of result.kept) {
    if (c.strength !== 'strong') continue;
    t.strong += 1;
    if (identityOfId(c.id) === variant.identity) t.strongCorrect += 1;
  }
  if (hits > 0) t.found += 1;
}

const line = (label, t) =>
  `  ${label.padEnd(16)} queries ${String(t.queries).padStart(6)}   precision ${pct(
    t.returned === 0 ? NaN : t.correct / t.returned,
  )}   recall ${pct(t.found / t.queries)}   candidates/query ${(t.returned / t.queries).toFixed(
    2,
  )}   precision of strong ${pct(t.strong === 0 ? NaN : t.strongCorrect / t.strong)}`;

function quality(generator, persons, seed, title) {
  say(`generating ${persons} identities (seed ${seed})...`);
  const set = generator.generateLabelledPersons(persons, seed);
  const index = new BlockingIndex();
  for (const s of set.stored) index.add(s.person);
  say(`${set.stored.length} stored, ${set.variants.length} variant queries; matching...`);
  const overall = tally();
  const byKind = new Map(generator.VARIANT_KINDS.map((k) => [k, tally()]));
  const byOrigin = new Map();
  for (const variant of set.variants) {
    const result = index.match(variant.person);
    const identityOfId = (id) => set.stored[id].identity;
    record(overall, identityOfId, variant, result);
    record(byKind.get(variant.kind), identityOfId, variant, result);
    if (!byOrigin.has(variant.origin)) byOrigin.set(variant.origin, tally());
    record(byOrigin.get(variant.origin), identityOfId, variant, result);
  }
  out(
    `Quality${title}: ${set.stored.length} stored identities, ${set.variants.length} variant queries (seed ${seed})`,
  );
  out('  candidate list = blocking keys → scorePersonMatch → strong or possible');
  out('  precision = share of returned candidates that are the same identity; recall = share of');
  out('  queries whose identity is among the candidates; precision of strong: strong ones only');
  out(line('all', overall));
  out(' by variant kind');
  for (const [kind, t] of byKind) out(line(kind, t));
  out(' by origin of the identity');
  for (const [origin, t] of byOrigin) out(line(origin, t));
  out();
}

function latency(generator, size) {
  const started = Date.now();
  // Identities whose variants are the queries are stored first; the rest are other persons.
  const labelled = generator.generateLabelledPersons(Math.min(queryCount, size), seed + 1);
  const index = new BlockingIndex();
  for (const s of labelled.stored) index.add(s.person);
  let n = index.persons.length;
  for (const person of generator.generateStoredPersons(size - n, seed + 2)) {
    index.add(person);
    n += 1;
    if (n % 100000 === 0) {
      const heap = process.memoryUsage().heapUsed / 2 ** 20;
      say(
        `  ${n.toLocaleString('en')} stored persons indexed (${((Date.now() - started) / 1000).toFixed(0)} s, heap ${heap.toFixed(0)} MiB)`,
      );
    }
  }
  const buildSeconds = (Date.now() - started) / 1000;
  const queries = labelled.variants.slice(0, queryCount);
  // Warm-up (JIT), then timed one at a time.
  for (const v of queries.slice(0, 200)) index.match(v.person);
  const times = [];
  const sizes = [];
  const t = tally();
  let overCap = 0;
  for (const variant of queries) {
    const start = process.hrtime.bigint();
    const result = index.match(variant.person);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    sizes.push(result.found);
    if (result.found > 500) overCap += 1;
    record(
      t,
      (id) => (id < labelled.stored.length ? labelled.stored[id].identity : -1),
      variant,
      result,
    );
  }
  times.sort((a, b) => a - b);
  sizes.sort((a, b) => a - b);
  out(
    `Latency at ${size.toLocaleString('en')} stored persons (in-memory blocking-key index, not OpenSearch)`,
  );
  out(
    `  index: ${index.keys.size.toLocaleString('en')} distinct keys, built in ${buildSeconds.toFixed(0)} s`,
  );
  out(`  ${queries.length} queries, one at a time: blocking keys + candidate retrieval + scoring`);
  out(
    `  match latency    median ${ms(percentile(times, 50))}   p99 ${ms(percentile(times, 99))}   max ${ms(times.at(-1))}`,
  );
  out(
    `  candidate set    median ${percentile(sizes, 50)}   p99 ${percentile(sizes, 99)}   max ${sizes.at(-1)}   (persons sharing a key, all scored)`,
  );
  out(
    `  over 500 (PERSONS_MAX_CANDIDATES_SCORED, the service would score only 500): ${overCap} of ${queries.length}`,
  );
  out(line('quality', t));
  out();
}

function main() {
  const generator = loadGenerator();
  out(
    `persons-matching benchmark — ${new Date().toISOString()} — node ${process.version}, ${os.cpus().length} CPU (${os.cpus()[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
  );
  out();
  // The set that matching-quality.spec.ts asserts floors on, then the larger one.
  quality(generator, 2000, 42, ' (the set of matching-quality.spec.ts)');
  quality(generator, persons, seed, '');
  for (const size of storedSizes) {
    try {
      latency(generator, size);
    } catch (error) {
      out(
        `Latency at ${size.toLocaleString('en')} stored persons: could not run (${error.message})`,
      );
      out();
    }
  }
  out('Latency measures the matching algorithm over an in-memory index on this machine. The');
  out('service asks its people index in OpenSearch for the persons sharing a blocking key, so');
  out('the candidate-set size above is what the query and the scoring cost; bench/search.mjs');
  out('measures that query and the match request end to end.');
}

main();
