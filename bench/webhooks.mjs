#!/usr/bin/env node
// Benchmark: signed webhook deliveries per second, against the raw primitive measured in the same
// run: a plain HTTP POST of the same body to the same receiver, as many at once as the service's
// delivery consumer attempts (32). It starts its own nats-server and the notifications service
// (`dist/main.js`) against the MongoDB and OpenSearch of `npm run infra:up` (or MONGO_URL /
// OPENSEARCH_URL), in a database `test_bench_*`, subscribes a receiver of its own (a real local
// HTTP server that verifies every signature with the `standardwebhooks` package), publishes N case
// events on JetStream as the cases service does, and times from the first publish to the last
// delivery received; then posts the same N bodies straight to the receiver. Prints figures only.
//
//   npm run infra:up && npm run build && node bench/webhooks.mjs [--events 1000] [--warmup 100]

import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { timed } from './measure.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { startApp, stopApp, freePort } = require(path.join(root, 'tests/e2e/support/stack.js'));
const { readRunningStack, startStack } = require(path.join(root, 'infra/local/stack.js'));
const { buildEvent, caseCreated, createWebhook } = require('@opencen/contracts');
const { ContractClient } = require('@opencen/nest-kit');
const { dropTestSearchIndexes } = require('@opencen/testing');
const { Webhook } = require('standardwebhooks');
const { JSONCodec, connect } = require('nats');

const { values: options } = parseArgs({
  options: {
    events: { type: 'string', default: '1000' },
    warmup: { type: 'string', default: '100' },
  },
});
const events = Number(options.events);
const warmup = Number(options.warmup);
const PARALLEL = 32;
const say = (line) => process.stderr.write(`[bench] ${line}\n`);

async function infrastructure() {
  const { MONGO_URL, OPENSEARCH_URL } = process.env;
  const running = MONGO_URL && OPENSEARCH_URL ? null : await readRunningStack();
  if (!(MONGO_URL && OPENSEARCH_URL) && !running) {
    throw new Error(
      'No infrastructure: run `npm run infra:up` first (or set MONGO_URL and OPENSEARCH_URL).',
    );
  }
  return {
    mongoUrl: MONGO_URL ?? running.mongoUrl,
    opensearchUrl: OPENSEARCH_URL ?? running.opensearchUrl,
  };
}

/** A receiver that verifies each signature when it has a secret, and counts by webhook-id. */
function receiver() {
  const state = { secret: undefined, seen: new Map(), bad: 0, waiters: [] };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const id = String(req.headers['webhook-id'] ?? `raw-${state.seen.size}`);
      if (req.headers['webhook-id'] && state.secret) {
        try {
          new Webhook(state.secret).verify(body, req.headers);
        } catch {
          state.bad += 1;
        }
      }
      state.seen.set(id, (state.seen.get(id) ?? 0) + 1);
      res.writeHead(204).end();
      for (const waiter of state.waiters.splice(0)) waiter();
    });
  });
  server.keepAliveTimeout = 30_000;
  return { server, state };
}

async function main() {
  const infra = await infrastructure();
  const logDir = path.join(root, '.opencen', 'logs', 'bench');
  const env = {
    ...process.env,
    OPENCEN_NATS_PORT: String(await freePort()),
    OPENCEN_NATS_MONITOR_PORT: String(await freePort()),
    OPENCEN_LOG_DIR: logDir,
  };
  delete env.NATS_URL;
  const nats = await startStack({ parts: ['nats'], fresh: true, env, log: say });
  const database = `test_bench_webhooks_${randomBytes(3).toString('hex')}`;
  const prefix = `${database}-`;
  const port = await freePort();
  const serviceEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'test',
    NATS_URL: nats.natsUrl,
    MONGO_URL: infra.mongoUrl,
    MONGO_DB: database,
    OPENSEARCH_URL: infra.opensearchUrl,
    OPENSEARCH_INDEX_PREFIX: prefix,
    HTTP_HOST: '127.0.0.1',
    HTTP_PORT: String(port),
    LOG_LEVEL: 'warn',
    NOTIFICATIONS_CONSUMERS_FROM: 'now',
    TASK_DEADLINES_INTERVAL_MS: '0',
    DIGEST_INTERVAL_MS: '0',
    WEBHOOKS_ALLOW_HTTP: 'true',
  };
  const { server, state } = receiver();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/hook`;
  let app;
  const client = ContractClient.over(nats.natsUrl);
  const connection = await connect({ servers: nats.natsUrl });
  try {
    say(`MongoDB ${infra.mongoUrl}, OpenSearch ${infra.opensearchUrl}; starting notifications...`);
    app = await startApp('notifications', serviceEnv, {
      readyUrl: `http://127.0.0.1:${port}/health/ready`,
      logFile: path.join(logDir, 'notifications-webhooks.log'),
    });
    const principal = { sub: 'bench-integration', username: 'bench', roles: ['integration'] };
    const { subscription, secret } = await client.send(
      createWebhook,
      { url, eventTypes: ['cases.case.created.v1'], filters: { office: ['XXX-BENCH'] } },
      { context: { correlationId: randomUUID(), principal } },
    );
    state.secret = secret;
    const js = connection.jetstream();
    const codec = JSONCodec();
    const eventOf = () => {
      const caseId = `bench-${randomUUID()}`;
      return buildEvent(caseCreated, {
        subject: caseId,
        correlationId: randomUUID(),
        actor: 'bench',
        data: {
          caseId,
          number: `XXX-BENCH-2026-${caseId.slice(-6)}`,
          office: 'XXX-BENCH',
          type: 'seizure',
          status: 'draft',
          version: 1,
          classification: 'restricted',
          subjects: [],
        },
      });
    };
    const received = (count) =>
      new Promise((resolve) => {
        const check = () => (state.seen.size >= count ? resolve() : state.waiters.push(check));
        check();
      });

    // Webhooks: N events published, timed until the N deliveries were received.
    const deliver = async (n) => {
      const before = state.seen.size;
      const batch = Array.from({ length: n }, eventOf);
      return timed(async () => {
        await Promise.all(
          batch.map((event) =>
            js.publish(`events.${event.type}`, codec.encode(event), { msgID: event.id }),
          ),
        );
        await received(before + n);
      });
    };
    // Raw: the same bodies POSTed straight to the receiver, PARALLEL at once.
    const post = async (n) => {
      const bodies = Array.from({ length: n }, () => JSON.stringify(eventOf()));
      return timed(async () => {
        let next = 0;
        await Promise.all(
          Array.from({ length: PARALLEL }, async () => {
            while (next < bodies.length) {
              const body = bodies[next++];
              const response = await fetch(url, {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body,
              });
              await response.body?.cancel();
            }
          }),
        );
      });
    };

    say(`warm-up: ${warmup} deliveries and ${warmup} posts`);
    await deliver(warmup);
    await post(warmup);
    say(`measuring: ${events} deliveries, then ${events} posts`);
    const webhookMs = await deliver(events);
    const rawMs = await post(events);
    const doubles = [...state.seen.entries()].filter(
      ([id, count]) => !id.startsWith('raw-') && count > 1,
    ).length;
    const perSecond = (ms) => (events / ms) * 1000;
    console.log(
      `signed webhook deliveries: ${events} in ${(webhookMs / 1000).toFixed(2)} s = ${perSecond(webhookMs).toFixed(1)}/s (publish to received, through the store, the work queue and signing)`,
    );
    console.log(
      `raw HTTP POSTs, ${PARALLEL} at once: ${events} in ${(rawMs / 1000).toFixed(2)} s = ${perSecond(rawMs).toFixed(1)}/s`,
    );
    console.log(`ratio webhooks / raw: ${(perSecond(webhookMs) / perSecond(rawMs)).toFixed(3)}`);
    console.log(
      `signatures refused by the receiver: ${state.bad}; webhook-ids received twice: ${doubles}`,
    );
    console.log(`subscription ${subscription.id}`);
  } finally {
    if (app) await stopApp(app);
    await connection.drain().catch(() => undefined);
    await client.onApplicationShutdown?.();
    await nats.stop();
    server.closeAllConnections();
    server.close();
    const { MongoClient } = require('mongodb');
    const mongo = await MongoClient.connect(infra.mongoUrl).catch(() => null);
    await mongo
      ?.db(database)
      .dropDatabase()
      .catch(() => undefined);
    await mongo?.close();
    await dropTestSearchIndexes({
      OPENSEARCH_URL: infra.opensearchUrl,
      OPENSEARCH_INDEX_PREFIX: prefix,
    }).catch(() => undefined);
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
