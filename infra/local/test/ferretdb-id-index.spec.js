'use strict';
// The `_id` index watcher beside a FerretDB of its own (started by startStack on a free port, in a
// temporary directory): the index FerretDB's `_id` queries can use appears on every new collection
// table within the interval, SQLite then uses it, FerretDB behaves as before, and the watcher is
// idempotent and survives dropped collections.

const { execFile } = require('node:child_process');
const net = require('node:net');
const path = require('node:path');
const { promisify } = require('node:util');

const { MongoClient } = require('mongodb');

const { toolPaths } = require('../provision');
const { startStack } = require('../stack');

const run = promisify(execFile);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function until(read, done, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

describe('ferretdb-id-index beside a FerretDB of the stack', () => {
  const database = 'idindex_test';
  let stack;
  let client;
  let tool;
  let sqliteDir;

  /** Every collection table of the test database and its indexes. */
  async function tables() {
    const { stdout } = await run(tool, ['list', '-dir', sqliteDir]);
    return stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .filter((t) => t.db === database);
  }

  const ours = (table) => (table?.indexes ?? []).filter((i) => i.name.startsWith('opencen_id_'));

  async function tableOf(collection) {
    const found = await until(
      tables,
      (list) => ours(list.find((t) => t.collection === collection)).length > 0,
    );
    return found.find((t) => t.collection === collection);
  }

  beforeAll(async () => {
    const env = {
      ...process.env,
      OPENCEN_MONGO_PORT: String(await freePort()),
      OPENCEN_FERRETDB_INDEX_INTERVAL_MS: '100',
    };
    delete env.MONGO_URL;
    stack = await startStack({
      parts: ['mongo'],
      fresh: true,
      env,
      log: () => {},
      handleSignals: false,
    });
    tool = toolPaths(env).ferretdbIdIndex;
    sqliteDir = path.join(stack.dataDir, 'ferretdb', 'sqlite');
    client = await new MongoClient(stack.mongoUrl, { serverSelectionTimeoutMS: 5000 }).connect();
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    await stack?.stop();
  });

  it('indexes a new collection on the expression FerretDB queries _id with, and SQLite uses it', async () => {
    const things = client.db(database).collection('things');
    await things.insertMany([...Array(50).keys()].map((n) => ({ _id: `t${n}`, n })));

    const table = await tableOf('things');
    expect(ours(table)).toHaveLength(1);
    expect(ours(table)[0].sql).toContain(`_ferretdb_sjson->'$._id'`);
    expect(ours(table)[0].sql).toMatch(/^CREATE UNIQUE INDEX/);

    const { stdout } = await run(tool, [
      'sql',
      '-file',
      path.join(sqliteDir, `${database}.sqlite`),
      '-query',
      `EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM "${table.table}" WHERE _ferretdb_sjson->'$._id' = '"t7"'`,
    ]);
    expect(stdout).toContain(`USING INDEX ${ours(table)[0].name}`);
    expect(stdout).not.toMatch(/"detail":"SCAN /);

    // FerretDB answers as before: the document by _id, and a second _id refused.
    await expect(things.findOne({ _id: 't7' })).resolves.toEqual({ _id: 't7', n: 7 });
    await expect(things.insertOne({ _id: 't7', n: 70 })).rejects.toMatchObject({ code: 11000 });
  });

  it('creates nothing twice, and indexes a collection dropped and created again', async () => {
    const { stdout } = await run(tool, ['once', '-dir', sqliteDir]);
    expect(stdout).not.toContain('created index');

    const again = client.db(database).collection('again');
    await again.insertOne({ _id: 'a' });
    const first = await tableOf('again');
    await again.drop();
    await again.insertOne({ _id: 'b' });
    const second = await until(
      () => tableOf('again'),
      (t) => t.table !== first.table || ours(t).length === 1,
    );
    expect(ours(second)).toHaveLength(1);
    await expect(again.findOne({ _id: 'b' })).resolves.toEqual({ _id: 'b' });
  });
});
