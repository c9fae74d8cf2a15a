import { type CaseImport, type ReferenceList } from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';
import { FixedClock, SequentialIds } from '@opencen/testing';

import {
  FakeReferenceCodes,
  FakeSubjectDirectory,
  InMemoryCases,
  InMemoryClaims,
  NOW,
  contextOf,
} from '../../cases/testing/case-ports.fakes';
import { officer } from '../../cases/testing/cases.fixtures';
import { CreateCase } from '../../cases/usecases/create-case';
import {
  InMemoryImportKeys,
  InMemoryImportRecords,
  InMemoryImportStaging,
  NotedImportJobs,
} from '../testing/import-ports.fakes';
import { AddCaseImportRows } from './add-case-import-rows';
import { FinishCaseImport } from './finish-case-import';
import { ImportReferenceCache } from './import-reference-cache';
import { RunCaseImport } from './run-case-import';
import { StartCaseImport } from './start-case-import';

/** `count` rows, one case each (IMP-00 …), detected on 1 April 2026; `unit` in every row. */
function rowsOf(count: number, unit = 'KGM') {
  return Array.from({ length: count }, (_, i) => ({
    row: i + 2,
    cells: {
      reference: `IMP-${String(i).padStart(2, '0')}`,
      type: 'seizure',
      detectedAt: '2026-04-01',
      detectionOffice: 'FRA-CDG',
      detectionMethods: 'XRAY_SCANNER',
      departureCountry: 'CO',
      commodityCategory: 'DRUGS',
      quantity: String(i + 1),
      unit,
    },
  }));
}

function setUp(reference = new FakeReferenceCodes()) {
  const records = new InMemoryImportRecords();
  const staging = new InMemoryImportStaging();
  const keys = new InMemoryImportKeys();
  const cases = new InMemoryCases();
  const claims = new InMemoryClaims((number) =>
    [...cases.stored.values()].some((e) => e.kase.number === number),
  );
  const clock = new FixedClock(NOW);
  const ids = new SequentialIds();
  const create = new CreateCase(cases, claims, reference, new FakeSubjectDirectory(), clock, ids);
  const run = new RunCaseImport(records, staging, keys, cases, create, ids, clock);
  const codes = new ImportReferenceCache(reference);
  const jobs = new NotedImportJobs(records);
  const finish = new FinishCaseImport(records, codes, jobs, run);
  const context = contextOf(officer);
  /** A job with its rows added, not finished. */
  const received = async (dryRun: boolean, rows = rowsOf(6)): Promise<CaseImport> => {
    const job = await new StartCaseImport(records, clock, ids).execute({
      fileName: 'seizures.csv',
      format: 'csv',
      dryRun,
      context,
    });
    await new AddCaseImportRows(records, staging, codes).execute({
      importId: job.id,
      rows,
      context,
    });
    return (await records.find(job.id))!;
  };
  return { records, staging, keys, cases, run, jobs, finish, context, received };
}

describe('FinishCaseImport', () => {
  it('checks a dry run at once: every case counted, none stored, the rows cleared', async () => {
    const { finish, received, cases, staging, jobs, context } = setUp();
    const job = await received(true, [
      ...rowsOf(3),
      ...rowsOf(1, 'XX').map((r) => ({ ...r, row: 9 })),
    ]);
    const checked = await finish.execute({ importId: job.id, context });
    expect(checked).toMatchObject({
      status: 'checked',
      rows: 4,
      badRows: 1,
      cases: 3,
      validCases: 2,
      imported: 0,
      finishedAt: NOW.toISOString(),
    });
    expect(checked.problems).toEqual([
      { row: 9, column: 'unit', reason: expect.stringContaining('"XX" units') },
    ]);
    expect(cases.stored.size).toBe(0);
    expect(staging.rows.has(job.id)).toBe(false);
    expect(jobs.started).toEqual([]);
  });

  it('hands a real run to the import jobs, as the importer, and answers importing at once', async () => {
    const { finish, received, jobs, cases, context } = setUp();
    const job = await received(false);
    const answer = await finish.execute({ importId: job.id, context });
    expect(answer).toMatchObject({ id: job.id, status: 'importing', imported: 0 });
    expect(jobs.started).toEqual([
      { importId: job.id, context: { correlationId: context.correlationId, principal: officer } },
    ]);
    // Nothing is imported inside the request.
    expect(cases.stored.size).toBe(0);
    await expect(finish.execute({ importId: job.id, context })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it("is NOT_FOUND for another's import, and FORBIDDEN without the importing role", async () => {
    const { finish, received } = setUp();
    const job = await received(false);
    await expect(
      finish.execute({ importId: job.id, context: contextOf({ ...officer, sub: 'someone' }) }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      finish.execute({ importId: job.id, context: contextOf({ ...officer, roles: ['analyst'] }) }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('RunCaseImport', () => {
  it('makes each good case with the cases feature under the id claimed for its reference', async () => {
    const { run, received, records, cases, keys, staging, context } = setUp();
    const job = await received(false);
    await records.move(job.id, 'receiving', 'importing');
    await expect(run.execute(job, context)).resolves.toBe('finished');
    expect(records.get(job.id)).toMatchObject({
      status: 'imported',
      cases: 6,
      validCases: 6,
      imported: 6,
      alreadyImported: 0,
      failed: 0,
      finishedAt: NOW.toISOString(),
    });
    const claimed = keys.keys.get('FRA-CDG#IMP-03')!;
    expect(cases.get(claimed.caseId).kase).toMatchObject({
      status: 'draft',
      office: 'FRA-CDG',
      createdBy: officer.sub,
    });
    expect(cases.stored.size).toBe(6);
    expect(staging.rows.has(job.id)).toBe(false);

    // The same file again: every reference is already imported, nothing is made twice.
    const again = await received(false);
    await run.execute(again, context);
    expect(records.get(again.id)).toMatchObject({ imported: 0, alreadyImported: 6 });
    expect(cases.stored.size).toBe(6);
  });

  it('stops between two cases when told, and a run resumed from rewound counts counts each case once', async () => {
    const { run, received, records, cases, staging, context } = setUp();
    const bad = rowsOf(1, 'XX')[0]!;
    const job = await received(false, [
      ...rowsOf(10),
      { row: 30, cells: { ...bad.cells, reference: 'IMP-BAD' } },
    ]);
    // What the runner keeps when the run starts: the counts of the rows' own checks.
    const start = { badRows: 1, problemCount: 1, problemsKept: 1 };
    expect(records.get(job.id)).toMatchObject({ badRows: 1, problemCount: 1 });
    expect(records.get(job.id).problems).toHaveLength(1);
    let asked = 0;
    await expect(run.execute(job, context, () => ++asked > 4)).resolves.toBe('stopped');
    const stopped = records.get(job.id);
    expect(stopped.status).toBe('receiving'); // the runner moves it; the run leaves it as it is
    expect(stopped.imported).toBeGreaterThan(0);
    expect(stopped.imported).toBeLessThan(10);
    expect(staging.rows.has(job.id)).toBe(true);

    await records.rewind(job.id, start);
    await expect(run.execute(job, context)).resolves.toBe('finished');
    expect(records.get(job.id)).toMatchObject({
      status: 'imported',
      rows: 11,
      badRows: 1,
      cases: 11,
      validCases: 10,
      imported: 10,
      alreadyImported: 0,
      problemCount: 1,
    });
    expect(records.get(job.id).problems).toHaveLength(1);
    expect(cases.stored.size).toBe(10);
  });

  it('counts a case refused at creation as failed, naming the field, and carries on', async () => {
    // KGM is valid when rows are checked, and no longer on the day of detection.
    class RetiredOnTheDay extends FakeReferenceCodes {
      override async invalid(list: ReferenceList, codes: readonly string[], at?: string) {
        const invalid = await super.invalid(list, codes, at);
        if (at && list === 'units' && codes.includes('KGM')) invalid.set('KGM', 'retired');
        return invalid;
      }
    }
    const { run, received, records, cases, context } = setUp(new RetiredOnTheDay());
    const job = await received(false, rowsOf(2));
    await run.execute(job, context);
    expect(records.get(job.id)).toMatchObject({ status: 'imported', failed: 2, imported: 0 });
    expect(records.get(job.id).problems).toEqual([
      { row: 2, column: 'reference', reason: expect.stringContaining('draft.items.0.unit') },
      { row: 3, column: 'reference', reason: expect.stringContaining('retired') },
    ]);
    expect(cases.stored.size).toBe(0);
  });

  it('fails when another service is down, once the cases in flight are counted; abandon ends it', async () => {
    class DownOnTheDay extends FakeReferenceCodes {
      override async invalid(list: ReferenceList, codes: readonly string[], at?: string) {
        if (at) throw new ServiceError('UNAVAILABLE', 'reference-data is down');
        return super.invalid(list, codes, at);
      }
    }
    const { run, received, records, staging, context } = setUp(new DownOnTheDay());
    const job = await received(false, rowsOf(3));
    await expect(run.execute(job, context)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    expect(records.get(job.id)).toMatchObject({ status: 'receiving', imported: 0 });
    expect(staging.rows.has(job.id)).toBe(true);

    await run.abandon(job, 'The import failed 3 times');
    expect(records.get(job.id)).toMatchObject({
      status: 'imported',
      finishedAt: NOW.toISOString(),
    });
    expect(records.get(job.id).problems).toEqual([
      { row: 1, column: '', reason: expect.stringContaining('import the file again') },
    ]);
    expect(staging.rows.has(job.id)).toBe(false);
  });
});
