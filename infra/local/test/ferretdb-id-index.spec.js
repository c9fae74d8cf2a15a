'use strict';
// FerretDB as provisioned here filters `_id` on the expression its own `_id` index is built on
// (FERRETDB_PATCH in provision.js), so SQLite reads one row instead of scanning the table. Checked
// against a FerretDB of its own (startStack on a free port, data in a temporary directory): what
// FerretDB answers is unchanged, and SQLite's plan for FerretDB's `_id` filter uses the index.

const { execFile } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { promisify } = require('node:util');

const { MongoClient } = require('mongodb');

const { FERRETDB_PATCH, patchFerretdbSource, toolPaths } = require('../provision');
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

/** Rows of a read-only query on a SQLite file (Python's sqlite3: nothing to install). */
async function sqlite(file, query) {
  const script =
    'import json, sqlite3, sys\n' +
    "db = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)\n" +
    'print(json.dumps(db.execute(sys.argv[2]).fetchall()))\n';
  const { stdout } = await run('python3', ['-c', script, file, query]);
  return JSON.parse(stdout);
}

describe('FERRETDB_PATCH', () => {
  it('changes the _id filter expression once, and refuses a source it was not made for', () => {
    const source = `const (\n\t${FERRETDB_PATCH.from}\n)\n`;
    expect(patchFerretdbSource(source)).toBe(`const (\n\t${FERRETDB_PATCH.to}\n)\n`);
    expect(() => patchFerretdbSource('const IDColumn = "_id"')).toThrow(
      /does not define IDColumn as expected/,
    );
  });
});

describe('FerretDB as provisioned', () => {
  const database = 'idindex_test';
  let dataDir;
  let env;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opencen-idindex-'));
    env = {
      ...process.env,
      OPENCEN_MONGO_PORT: String(await freePort()),
      OPENCEN_DATA_DIR: dataDir,
      OPENCEN_LOG_DIR: path.join(dataDir, 'logs'),
    };
    delete env.MONGO_URL;
  });

  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('answers by _id as before, and SQLite serves its _id filter from the _id index', async () => {
    const binary = fs.readFileSync(toolPaths(env).ferretdb);
    const stack = await startStack({ parts: ['mongo'], env, log: () => {}, handleSignals: false });
    const client = await new MongoClient(stack.mongoUrl, {
      serverSelectionTimeoutMS: 5000,
    }).connect();
    try {
      const things = client.db(database).collection('things');
      await things.insertMany([...Array(200).keys()].map((n) => ({ _id: `t${n}`, n })));
      await expect(things.findOne({ _id: 't7' })).resolves.toEqual({ _id: 't7', n: 7 });
      await expect(things.findOne({ _id: 'none' })).resolves.toBeNull();
      await expect(things.insertOne({ _id: 't7', n: 70 })).rejects.toMatchObject({ code: 11000 });
      expect((await things.updateOne({ _id: 't8' }, { $set: { n: 80 } })).modifiedCount).toBe(1);
      await expect(things.findOne({ _id: 't8' })).resolves.toEqual({ _id: 't8', n: 80 });
      expect((await things.deleteOne({ _id: 't9' })).deletedCount).toBe(1);
      expect(await things.countDocuments({})).toBe(199);
    } finally {
      await client.close();
      await stack.stop();
    }

    // The binary carries the patched expression, and not the one its index cannot serve.
    const patched = FERRETDB_PATCH.to.match(/`(.*)`/)[1];
    expect(binary.includes(Buffer.from(`_ferretdb_sjson${patched}`))).toBe(true);

    const file = path.join(dataDir, 'ferretdb', 'sqlite', `${database}.sqlite`);
    const [[table]] = await sqlite(
      file,
      "SELECT table_name FROM _ferretdb_collections WHERE name = 'things'",
    );
    const plan = async (expression) =>
      (
        await sqlite(
          file,
          `EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM "${table}" WHERE ${expression} = '"t7"'`,
        )
      )
        .map((row) => row[3])
        .join('; ');
    expect(await plan(`_ferretdb_sjson${patched}`)).toContain(`USING INDEX ${table}__id_`);
    // What FerretDB 1.24 sends without the patch: a scan of the whole table.
    expect(await plan(`_ferretdb_sjson->'$._id'`)).toMatch(/^SCAN /);
  });
});
