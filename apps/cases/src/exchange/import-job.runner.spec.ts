import { type ReferenceList } from '@opencen/contracts';
import { type ServiceLogger, ServiceError, currentContext } from '@opencen/nest-kit';
import { FixedClock, SequentialIds } from '@opencen/testing';

import {
  FakeReferenceCodes,
  FakeSubjectDirectory,
  InMemoryCases,
  InMemoryClaims,
  NOW,
  contextOf,
} from '../cases/testing/case-ports.fakes';
import { officer } from '../cases/testing/cases.fixtures';
import { CreateCase } from '../cases/usecases/create-case';
import { ImportJobRunner, LEASE_MS, MAX_FAILURES } from './import-job.runner';
import {
  InMemoryImportKeys,
  InMemoryImportRecords,
  InMemoryImportRuns,
  InMemoryImportStaging,
} from './testing/import-ports.fakes';
import { AddCaseImportRows } from './usecases/add-case-import-rows';
import { ImportReferenceCache } from './usecases/import-reference-cache';
import { type ImportContext } from './usecases/ports';
import { RunCaseImport } from './usecases/run-case-import';
import { StartCaseImport } from './usecases/start-case-import';

/** The reference service, down on demand for the creations (which ask on the detection day). */
class FlakyReferenceCodes extends FakeReferenceCodes {
  down = false;
  /** The principal the creations asked with: the importer's, whoever runs the import. */
  readonly askedBy: (string | undefined)[] = [];

  override async invalid(list: ReferenceList, codes: readonly string[], at?: string) {
    if (at) {
      this.askedBy.push(currentContext()?.principal?.sub);
      if (this.down) throw new ServiceError('UNAVAILABLE', 'reference-data is down');
    }
    return super.invalid(list, codes, at);
  }
}

const silent = { info: jest.fn(), warn: jest.fn(), error: jest.fn() } as unknown as ServiceLogger;

const rows = Array.from({ length: 30 }, (_, i) => ({
  row: i + 2,
  cells: {
    reference: `REF-${String(i).padStart(2, '0')}`,
    type: 'seizure',
    detectedAt: '2026-04-01',
    detectionOffice: 'FRA-CDG',
    detectionMethods: 'XRAY_SCANNER',
    departureCountry: 'CO',
    commodityCategory: 'DRUGS',
    quantity: '1',
    unit: 'KGM',
  },
}));

function setUp() {
  const records = new InMemoryImportRecords();
  const staging = new InMemoryImportStaging();
  const keys = new InMemoryImportKeys();
  const runs = new InMemoryImportRuns();
  const cases = new InMemoryCases();
  const claims = new InMemoryClaims((number) =>
    [...cases.stored.values()].some((e) => e.kase.number === number),
  );
  const reference = new FlakyReferenceCodes();
  const clock = new FixedClock(NOW);
  const ids = new SequentialIds();
  const create = new CreateCase(cases, claims, reference, new FakeSubjectDirectory(), clock, ids);
  const run = new RunCaseImport(records, staging, keys, cases, create, ids, clock);
  /** A runner of one replica; each has its own name on the leases. */
  const runner = () => new ImportJobRunner(runs, records, run, clock, ids, silent);
  const context: ImportContext = { correlationId: 'corr-import', principal: officer };
  const received = async () => {
    const codes = new ImportReferenceCache(reference);
    const job = await new StartCaseImport(records, clock, ids).execute({
      fileName: 'seizures.csv',
      format: 'csv',
      dryRun: false,
      context: contextOf(officer),
    });
    await new AddCaseImportRows(records, staging, codes).execute({
      importId: job.id,
      rows,
      context: contextOf(officer),
    });
    return job.id;
  };
  return { records, staging, runs, cases, reference, clock, runner, context, received };
}

/** Until `done` holds, a turn of the event loop at a time (the runs go on in the background). */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!done()) throw new Error('still waiting');
}

describe('ImportJobRunner', () => {
  it('records the run before it starts, runs it as the importer, and closes it when done', async () => {
    const { runner, received, records, runs, cases, reference, context } = setUp();
    const importId = await received();
    const one = runner();
    await expect(one.start(importId, context)).resolves.toBe(true);
    expect(records.get(importId).status).toBe('importing');
    expect(runs.runs.get(importId)).toMatchObject({
      context,
      start: { badRows: 0, problemCount: 0, problemsKept: 0 },
      failures: 0,
    });
    expect(runs.runs.get(importId)?.owner).toEqual(expect.any(String));
    // A second finish finds the run there.
    await expect(one.start(importId, context)).resolves.toBe(false);

    await until(() => records.get(importId).status === 'imported');
    await until(() => !runs.runs.has(importId));
    expect(records.get(importId)).toMatchObject({ imported: 30, alreadyImported: 0 });
    expect(cases.stored.size).toBe(30);
    expect(new Set(reference.askedBy)).toEqual(new Set([officer.sub]));
  });

  it('stops at shutdown between two cases, and the next runner resumes the run at once', async () => {
    const { runner, received, records, runs, cases, context } = setUp();
    const importId = await received();
    const first = runner();
    await first.start(importId, context);
    await until(() => cases.stored.size >= 3);
    await first.onModuleDestroy();
    const stopped = records.get(importId);
    expect(stopped.status).toBe('importing');
    expect(stopped.imported).toBeLessThan(30);
    expect(runs.runs.get(importId)).toMatchObject({ owner: null, failures: 0 });
    await expect(first.start(importId, context)).rejects.toMatchObject({ code: 'UNAVAILABLE' });

    // After a restart (or on another replica): a lease given up is taken over without waiting.
    const next = runner();
    await next.sweep();
    await until(() => records.get(importId).status === 'imported');
    expect(records.get(importId)).toMatchObject({
      cases: 30,
      validCases: 30,
      imported: 30,
      alreadyImported: 0,
    });
    expect(cases.stored.size).toBe(30);
    await until(() => !runs.runs.has(importId));
  });

  it("leaves a live replica's run alone, and takes it over once its lease ran out", async () => {
    const { runner, received, records, runs, clock, context } = setUp();
    const importId = await received();
    await records.move(importId, 'receiving', 'importing');
    // A replica that started the run, then died without a word.
    await runs.open({
      importId,
      context,
      start: { badRows: 0, problemCount: 0, problemsKept: 0 },
      owner: 'dead-replica',
      renewedAt: clock.now(),
      failures: 0,
    });
    await records.record(importId, { cases: 7, imported: 7 }, []);
    const other = runner();
    await other.sweep();
    expect(runs.runs.get(importId)?.owner).toBe('dead-replica');

    clock.advance(LEASE_MS + 1);
    await other.sweep();
    expect(runs.runs.get(importId)?.owner).not.toBe('dead-replica');
    await until(() => records.get(importId).status === 'imported');
    // Rewound first: the dead replica's counts are not added to.
    expect(records.get(importId)).toMatchObject({ cases: 30, imported: 30 });
  });

  it('gives a failed run up for a later try, and ends the import after too many failures', async () => {
    const { runner, received, records, runs, staging, reference, context } = setUp();
    const importId = await received();
    reference.down = true;
    const one = runner();
    await one.start(importId, context);
    await until(() => runs.runs.get(importId)?.owner === null);
    expect(runs.runs.get(importId)?.failures).toBe(1);
    expect(records.get(importId).status).toBe('importing');

    for (let failures = 1; failures < MAX_FAILURES; failures++) {
      await one.sweep();
      await until(() => runs.runs.get(importId)?.failures === failures + 1);
    }
    await until(() => runs.runs.get(importId)?.owner === null);
    await one.sweep();
    expect(runs.runs.has(importId)).toBe(false);
    expect(records.get(importId)).toMatchObject({ status: 'imported', imported: 0 });
    expect(records.get(importId).problems).toEqual([
      { row: 1, column: '', reason: expect.stringContaining(`failed ${MAX_FAILURES} times`) },
    ]);
    expect(staging.rows.has(importId)).toBe(false);
  });

  it('ends a run whose job is not importing (a finish that stopped before moving it)', async () => {
    const { runner, received, records, runs, context } = setUp();
    const importId = await received();
    await runs.open({
      importId,
      context,
      start: { badRows: 0, problemCount: 0, problemsKept: 0 },
      owner: null,
      renewedAt: NOW,
      failures: 0,
    });
    await runner().sweep();
    expect(runs.runs.has(importId)).toBe(false);
    expect(records.get(importId).status).toBe('receiving');
  });
});
