'use strict';
// FerretDB as provisioned here (FERRETDB_PATCH in provision.js) hands every filter with an `_id`
// equality to SQLite on the expression its own `_id` index is built on, so SQLite reads one row
// instead of scanning the table. Checked against a FerretDB of its own (startStack on a free port,
// data in a temporary directory): what FerretDB answers is unchanged, and the plan FerretDB's
// explain reports for its query uses the index.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { MongoClient } = require('mongodb');

const { FERRETDB_PATCH, patchFerretdbSource } = require('../provision');
const { startStack } = require('../stack');
const { freePort } = require('./helpers');

describe('FERRETDB_PATCH', () => {
  const [idColumn, pushdown] = FERRETDB_PATCH.changes;

  it('changes each line as many times as it expects, and refuses a source it was not made for', () => {
    expect(patchFerretdbSource(idColumn, `const (\n\t${idColumn.from}\n)\n`)).toBe(
      `const (\n\t${idColumn.to}\n)\n`,
    );
    const twice = `${pushdown.from}\n...\n${pushdown.from}\n`;
    expect(patchFerretdbSource(pushdown, twice)).toBe(`${pushdown.to}\n...\n${pushdown.to}\n`);
    expect(() => patchFerretdbSource(pushdown, pushdown.from)).toThrow(/has 1 of .*, not 2/);
    expect(() => patchFerretdbSource(idColumn, 'const IDColumn = "_id"')).toThrow(/has 0 of/);
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

  it('answers as before, and every filter with an _id equality is served by the _id index', async () => {
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
      // `_id` with other conditions (a versioned update): narrowed by `_id`, then the rest applies.
      await expect(things.findOne({ _id: 't8', n: 8 })).resolves.toBeNull();
      await expect(things.findOne({ _id: 't8', n: { $gt: 50 } })).resolves.toEqual({
        _id: 't8',
        n: 80,
      });
      expect((await things.updateOne({ _id: 't8', n: 79 }, { $set: { n: 81 } })).matchedCount).toBe(
        0,
      );
      expect((await things.updateOne({ _id: 't8', n: 80 }, { $inc: { n: 1 } })).modifiedCount).toBe(
        1,
      );
      expect((await things.deleteOne({ _id: 't8', n: 80 })).deletedCount).toBe(0);
      await expect(
        things.find({ _id: 't8', $or: [{ n: 81 }, { n: 0 }] }).toArray(),
      ).resolves.toEqual([{ _id: 't8', n: 81 }]);
      expect((await things.deleteOne({ _id: 't9' })).deletedCount).toBe(1);
      expect(await things.countDocuments({})).toBe(199);

      // FerretDB's explain shows the plan SQLite made for the query FerretDB sent.
      const plan = async (filter) => {
        const explained = await client
          .db(database)
          .command({ explain: { find: 'things', filter } });
        return { pushdown: explained.filterPushdown, plan: explained.queryPlanner.Plan.join('; ') };
      };
      for (const filter of [{ _id: 't7' }, { _id: 't7', n: 7 }, { _id: 't7', $or: [{ n: 1 }] }]) {
        const { pushdown, plan: steps } = await plan(filter);
        expect(pushdown).toBe(true);
        expect(steps).toMatch(/SEARCH \S+ USING INDEX \S+__id_ /);
      }
      // Any other filter is still read whole (the search index is for those).
      expect((await plan({ n: 7 })).plan).toMatch(/SCAN /);
    } finally {
      await client.close();
      await stack.stop();
    }
  });
});
