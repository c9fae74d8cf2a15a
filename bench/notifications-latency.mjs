#!/usr/bin/env node
// Benchmark: from a watchlist-hit event on JetStream to its notification on the alert owner's
// Server-Sent Events stream at the gateway, under a steady rate of events (100 per second by
// default). It starts its own nats-server and every app (the e2e helpers) against the MongoDB,
// Keycloak and OpenSearch of `npm run infra:up` (or MONGO_URL / KEYCLOAK_URL / OPENSEARCH_URL),
// opens the demo users' streams over real HTTP, publishes the events as the persons service does,
// and times each one from its publish
// to its SSE event. The hits go round the demo users (each opens their stream), one notification
// each. Prints figures only: nothing here is an assertion.
//
//   npm run infra:up && npm run build && node bench/notifications-latency.mjs [--rate 100]
//     [--seconds 30] [--warmup 2] [--users officer,supervisor,...]

import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { percentile } from './measure.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { startApps } = require(path.join(root, 'tests/e2e/support/stack.js'));
const { readRunningStack } = require(path.join(root, 'infra/local/stack.js'));
const { buildEvent, watchlistHit } = require('@opencen/contracts');
const { decodeJwtPayload, demoUserToken } = require('@opencen/testing');
const { JSONCodec, connect } = require('nats');

const { values: options } = parseArgs({
  options: {
    rate: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '2' },
    users: {
      type: 'string',
      default: 'officer,officer2,supervisor,investigator,analyst,liaison,admin,auditor',
    },
  },
});
const users = options.users.split(',').filter(Boolean);
const rate = Number(options.rate);
const seconds = Number(options.seconds);
const warmupSeconds = Number(options.warmup);
const say = (line) => process.stderr.write(`[bench] ${line}\n`);

async function infrastructure() {
  const { MONGO_URL, KEYCLOAK_URL, OPENSEARCH_URL } = process.env;
  const running = MONGO_URL && KEYCLOAK_URL && OPENSEARCH_URL ? null : await readRunningStack();
  if (!(MONGO_URL && KEYCLOAK_URL && OPENSEARCH_URL) && !running) {
    throw new Error(
      'No infrastructure: run `npm run infra:up` first (or set MONGO_URL, KEYCLOAK_URL and OPENSEARCH_URL).',
    );
  }
  // startApps gives each backend OPENSEARCH_URL and a prefix of its own when this is set.
  process.env.OPENSEARCH_URL = OPENSEARCH_URL ?? running.opensearchUrl;
  return {
    mongoUrl: MONGO_URL ?? running.mongoUrl,
    keycloakUrl: KEYCLOAK_URL ?? running.keycloakUrl,
  };
}

/** Reads a text/event-stream and calls `onEvent` with each notification event as it arrives. */
async function readStream(response, onEvent) {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of response.body) {
    const at = performance.now();
    buffer += decoder.decode(chunk, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const lines = buffer.slice(0, end).split('\n');
      buffer = buffer.slice(end + 2);
      if (!lines.includes('event: notification')) continue;
      const data = lines.find((line) => line.startsWith('data: '));
      if (data) onEvent(JSON.parse(data.slice(6)), at);
    }
  }
}

async function main() {
  const infra = await infrastructure();
  say(
    `MongoDB ${infra.mongoUrl}, Keycloak ${infra.keycloakUrl}, OpenSearch ${process.env.OPENSEARCH_URL}; starting the apps...`,
  );
  const apps = await startApps({
    ...infra,
    database: `test_bench_${Date.now().toString(36)}`,
    gatewayEnv: { RATE_LIMIT_MAX: String(1e9) },
    log: say,
    logDir: path.join(root, '.opencen', 'logs', 'bench'),
  });
  const nats = await connect({ servers: apps.natsUrl });
  const controller = new AbortController();
  try {
    const sentAt = new Map();
    const latencies = [];
    const seen = new Set();
    let doubles = 0;
    const owners = [];
    const readers = [];
    for (const user of users) {
      const token = (await demoUserToken(user, infra.keycloakUrl)).access_token;
      const response = await fetch(`${apps.gatewayUrl}/api/v1/notifications/stream`, {
        headers: { authorization: `Bearer ${token}` },
        signal: controller.signal,
      });
      if (response.status !== 200) throw new Error(`${user}'s stream answered ${response.status}`);
      owners.push(decodeJwtPayload(token).sub);
      readers.push(
        readStream(response, (notification, at) => {
          if (seen.has(notification.link.id)) doubles += 1;
          seen.add(notification.link.id);
          const sent = sentAt.get(notification.link.id);
          if (sent === undefined) return;
          sentAt.delete(notification.link.id);
          if (sent.measured) latencies.push(at - sent.at);
        }).catch(() => undefined),
      );
    }
    say(`${users.length} streams open (${users.join(', ')})`);
    let next = 0;

    const js = nats.jetstream();
    const codec = JSONCodec();
    const publish = async (measured) => {
      const caseId = `bench-${randomUUID()}`;
      const event = buildEvent(watchlistHit, {
        subject: 'bench-alert',
        correlationId: randomUUID(),
        actor: 'persons',
        data: {
          alertId: 'bench-alert',
          subjectType: 'person',
          subjectId: 'bench-person',
          caseId,
          // An office without supervisors: each hit is one notification, to its owner.
          ownerOffice: 'XXX-BENCH',
          ownerOfficer: owners[next++ % owners.length],
        },
      });
      sentAt.set(caseId, { at: performance.now(), measured });
      await js.publish(watchlistHit.subject, codec.encode(event), { msgID: event.id });
    };

    /** Publishes `count` events at `rate` per second, on a fixed schedule (no drift). */
    const run = async (count, measured) => {
      const start = performance.now();
      const pending = [];
      for (let i = 0; i < count; i++) {
        const due = start + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        pending.push(publish(measured));
      }
      await Promise.all(pending);
      return (count / (performance.now() - start)) * 1000;
    };

    say(`warm-up: ${warmupSeconds} s at ${rate}/s`);
    await run(warmupSeconds * rate, false);
    const total = seconds * rate;
    say(`measuring: ${total} events at ${rate}/s (${seconds} s)`);
    const achieved = await run(total, true);
    const deadline = performance.now() + 60_000;
    while (sentAt.size > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const ms = (x) => (x === undefined ? '—' : `${x.toFixed(1)} ms`);
    const lines = [
      `Event to SSE delivery: ${total} watchlist hits at ${rate}/s (published ${achieved.toFixed(1)}/s) to ${users.length} users' streams, after ${warmupSeconds} s of warm-up, Node ${process.version}`,
      `received ${latencies.length} of ${total} on the stream${sentAt.size ? ` (${sentAt.size} missing after 60 s)` : ''}, ${doubles} received twice`,
      `p50 ${ms(percentile(sorted, 50))}   p90 ${ms(percentile(sorted, 90))}   p99 ${ms(percentile(sorted, 99))}   max ${ms(sorted[sorted.length - 1])}`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    controller.abort();
    await Promise.all(readers);
  } finally {
    controller.abort();
    await nats.drain();
    await apps.stop();
  }
}

main().catch((error) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
});
