#!/usr/bin/env node
// Benchmark: one reference lookup (get one code) measured three ways on this machine, in one run:
//   1. through the gateway over HTTP, with a real Keycloak token;
//   2. straight from the reference-data service over NATS (ContractClient, as the gateway does);
//   3. straight from the database (findOne on the service's collection, as the service does).
// It starts its own nats-server, the reference-data service and the gateway (the e2e helpers),
// against the MongoDB and Keycloak of `npm run infra:up` (or MONGO_URL / KEYCLOAK_URL), and stops
// them at the end. Prints figures only: nothing here is an assertion.
//
//   npm run infra:up && npm run build && node bench/reference-lookup.mjs [--iterations 2000]
//     [--warmup 200] [--list countries] [--code FR]

import 'reflect-metadata';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { summary, timed } from './measure.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { startApps } = require(path.join(root, 'tests/e2e/support/stack.js'));
const { readRunningStack } = require(path.join(root, 'infra/local/stack.js'));
const { ClientProxyFactory, Transport } = require('@nestjs/microservices');
const { getReferenceEntry } = require('@opencen/contracts');
const { ContractClient } = require('@opencen/nest-kit');
const { demoUserToken } = require('@opencen/testing');
const mongoose = require('mongoose');

const { values: options } = parseArgs({
  options: {
    iterations: { type: 'string', default: '2000' },
    warmup: { type: 'string', default: '200' },
    list: { type: 'string', default: 'countries' },
    code: { type: 'string', default: 'FR' },
  },
});
const iterations = Number(options.iterations);
const warmup = Number(options.warmup);
const { list, code } = options;
const say = (line) => process.stderr.write(`[bench] ${line}\n`);

async function infrastructure() {
  const { MONGO_URL, KEYCLOAK_URL } = process.env;
  if (MONGO_URL && KEYCLOAK_URL) return { mongoUrl: MONGO_URL, keycloakUrl: KEYCLOAK_URL };
  const running = await readRunningStack();
  if (!running) {
    throw new Error(
      'No infrastructure: run `npm run infra:up` first (or set MONGO_URL and KEYCLOAK_URL).',
    );
  }
  return {
    mongoUrl: MONGO_URL ?? running.mongoUrl,
    keycloakUrl: KEYCLOAK_URL ?? running.keycloakUrl,
  };
}

/** Milliseconds that `work` takes, with a monotonic clock. */

async function main() {
  const infra = await infrastructure();
  say(`MongoDB ${infra.mongoUrl}, Keycloak ${infra.keycloakUrl}; starting the apps...`);
  const apps = await startApps({
    ...infra,
    database: `test_bench_${Date.now().toString(36)}`,
    gatewayEnv: { RATE_LIMIT_MAX: String(1e9) },
    log: say,
    logDir: path.join(root, '.opencen', 'logs', 'bench'),
  });
  const nats = new ContractClient(
    ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: apps.natsUrl } }),
    5000,
  );
  const mongo = await mongoose
    .createConnection(infra.mongoUrl, { dbName: apps.database })
    .asPromise();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const entries = mongo.db.collection('entries');
    const token = (await demoUserToken('officer', infra.keycloakUrl)).access_token;
    const url = new URL(`/api/v1/reference/${list}/${encodeURIComponent(code)}`, apps.gatewayUrl);

    const ways = {
      'HTTP via the gateway': () =>
        new Promise((resolve, reject) => {
          const req = http.get(
            url,
            { agent, headers: { authorization: `Bearer ${token}` } },
            (res) => {
              let body = '';
              res.setEncoding('utf8');
              res.on('data', (chunk) => (body += chunk));
              res.on('end', () =>
                res.statusCode === 200
                  ? resolve(body)
                  : reject(new Error(`gateway answered ${res.statusCode}: ${body}`)),
              );
            },
          );
          req.on('error', reject);
        }),
      'NATS (ContractClient)': () => nats.send(getReferenceEntry, { list, code }),
      'database (findOne)': async () => {
        // The service's own read: by the natural key, without what only the store needs.
        const document = await entries.findOne(
          { _id: `${list}/${code}` },
          { projection: { keywords: 0, outbox: 0 } },
        );
        if (!document) throw new Error(`${list}/${code} is not in ${apps.database}.entries`);
      },
    };
    const names = Object.keys(ways);
    const samples = Object.fromEntries(names.map((name) => [name, []]));

    say(`warm-up: ${warmup} lookups each way`);
    for (let i = 0; i < warmup; i++) for (const name of names) await ways[name]();
    say(`measuring: ${iterations} lookups each way, one at a time, the three ways interleaved`);
    for (let i = 0; i < iterations; i++) {
      // Rotate the order, so that no way always runs right after another one warmed a cache.
      for (let k = 0; k < names.length; k++) {
        const name = names[(i + k) % names.length];
        samples[name].push(await timed(ways[name]));
      }
    }

    const stats = Object.fromEntries(names.map((name) => [name, summary(samples[name])]));
    const ms = (x) => `${x.toFixed(3)} ms`.padStart(11);
    const lines = [
      `Reference lookup ${list}/${code}: ${iterations} sequential lookups per way after ${warmup} warm-up, Node ${process.version}`,
      '',
      `${'way'.padEnd(24)}${'median'.padStart(11)}${'p99'.padStart(11)}${'mean'.padStart(11)}`,
      ...names.map(
        (name) =>
          `${name.padEnd(24)}${ms(stats[name].median)}${ms(stats[name].p99)}${ms(stats[name].mean)}`,
      ),
      '',
    ];
    const [viaHttp, viaNats, viaDb] = names.map((name) => stats[name]);
    const ratio = (a, b) => `${(a / b).toFixed(1)}x`;
    for (const [label, a, b] of [
      ['NATS / database', viaNats, viaDb],
      ['HTTP / NATS', viaHttp, viaNats],
      ['HTTP / database', viaHttp, viaDb],
    ]) {
      lines.push(
        `${label.padEnd(24)}${`median ${ratio(a.median, b.median)}`.padStart(14)}${`p99 ${ratio(a.p99, b.p99)}`.padStart(12)}`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    agent.destroy();
    await nats.onApplicationShutdown();
    await mongo.dropDatabase().catch(() => undefined);
    await mongo.close();
    await apps.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
