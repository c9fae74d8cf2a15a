import { randomBytes } from 'node:crypto';

import {
  CASE_SEARCHABLE_WITHIN_MS,
  type CaseDraftInput,
  type CaseImport,
  type CloudEvent,
  type Principal,
  addCaseImportRows,
  caseExportPage,
  createCase,
  finishCaseImport,
  getCaseExport,
  getCaseImport,
  searchCases,
  startCaseExport,
  startCaseImport,
  submitCase,
  validateCase,
} from '@opencen/contracts';
import { SearchService } from '@opencen/nest-kit';
import { storedEvents } from '@opencen/testing';

import { CASE_SEARCH_INDEX } from '../src/search/infrastructure/case-search.index';
import { type CasesService, startCasesService } from './support/cases-service';

/**
 * Export and import of cases against real NATS and FerretDB, with the stand-in reference service
 * (which refuses the code XX) and persons service of the cases harness.
 */
const suffix = randomBytes(3).toString('hex');
const officer: Principal = {
  sub: `it-x-officer-${suffix}`,
  username: 'officer',
  roles: ['officer'],
  office: 'FRA-CDG',
};
const supervisor: Principal = {
  sub: `it-x-sup-${suffix}`,
  username: 'supervisor',
  roles: ['supervisor'],
  office: 'FRA-CDG',
};
const liaison: Principal = {
  sub: `it-x-liaison-${suffix}`,
  username: 'liaison',
  roles: ['liaison'],
};
const analyst: Principal = { sub: `it-a-${suffix}`, username: 'a', roles: ['analyst'] };
const person = `person-${suffix}`;
const aircraft = `aircraft-${suffix}`;

const complete: CaseDraftInput = {
  type: 'seizure',
  detectedAt: '2026-03-14T09:30:00+01:00',
  location: { office: 'FRA-CDG', placeType: 'terminal 2E', country: 'FR' },
  detectionMethods: ['XRAY_SCANNER'],
  items: [
    {
      commodityCategory: 'DRUGS',
      hsCode: '293979',
      description: 'Bricks',
      quantity: 3,
      unit: 'KGM',
    },
  ],
  route: { departureCountry: 'BR', transitCountries: ['PT'], destinationCountry: 'FR' },
  parties: [{ subjectType: 'person', subjectId: person, role: 'offender', arrested: true }],
  conveyance: { conveyanceId: aircraft, flightOrVoyageNumber: 'AF443' },
  narrative: `Secret narrative ${suffix}`,
};

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => ({ code: 'none' }),
    (error: unknown) => error as { code?: string },
  );

function rowsOf(reference: (i: number) => string, count: number, badUnitAt: number[]) {
  return Array.from({ length: count }, (_, i) => ({
    row: i + 2,
    cells: {
      reference: reference(i),
      type: 'seizure',
      detectedAt: '2026-04-01',
      detectionOffice: 'FRA-CDG',
      detectionMethods: 'XRAY_SCANNER',
      departureCountry: 'CO',
      commodityCategory: 'DRUGS',
      quantity: String(i + 1),
      unit: badUnitAt.includes(i + 2) ? 'XX' : 'KGM',
    },
  }));
}

describe('case exchange over NATS', () => {
  let service: CasesService;
  let cases: () => Promise<number>;

  beforeAll(async () => {
    service = await startCasesService(__filename, { knownSubjects: [person, aircraft] });
    // Every case stored so far, counted by the index once it has indexed them all.
    // The wait is a generous multiple of the documented bound: on a loaded machine a restarted
    // projection may take longer, which is not what these tests are about, but a count taken
    // before the index caught up would be wrong, so it is never taken.
    cases = async () => {
      const waitMs = CASE_SEARCHABLE_WITHIN_MS * 6;
      const indexed = await service.app
        .get(SearchService)
        .waitUntilIndexed(CASE_SEARCH_INDEX, waitMs);
      if (!indexed) throw new Error(`The cases index did not catch up within ${waitMs} ms`);
      return (await service.send(searchCases, { limit: 1 }, analyst)).total;
    };
  });

  afterAll(async () => {
    await service?.close();
  });

  it('exports validated cases page by page, non-nominal, and records each page', async () => {
    const { send } = service;
    const validated: string[] = [];
    for (let i = 0; i < 3; i++) {
      const draft = await send(createCase, { draft: complete }, officer);
      const submitted = await send(submitCase, { id: draft.id, version: 1 }, officer);
      await send(validateCase, { id: draft.id, version: submitted.version }, supervisor);
      validated.push(draft.id);
    }
    await send(createCase, { draft: complete }, officer); // a draft: never exported

    expect((await failure(send(startCaseExport, { format: 'json' }, officer))).code).toBe(
      'FORBIDDEN',
    );
    const started = await send(
      startCaseExport,
      { format: 'csv', filter: { routeCountry: 'PT' } },
      liaison,
    );
    const first = await send(caseExportPage, { exportId: started.id, limit: 2 }, liaison);
    expect(first.cases).toHaveLength(2);
    expect(first.nextCursor).toBeDefined();
    const second = await send(
      caseExportPage,
      { exportId: started.id, cursor: first.nextCursor, limit: 2 },
      liaison,
    );
    expect(second.cases).toHaveLength(1);
    expect(second.nextCursor).toBeUndefined();

    const exported = [...first.cases, ...second.cases];
    expect(exported[0]).toMatchObject({
      status: 'validated',
      detectionOffice: 'FRA-CDG',
      transitCountries: ['PT'],
      persons: [{ role: 'offender', arrested: true, gender: 'unknown', ageBand: 'unknown' }],
      conveyance: { type: 'aircraft' },
    });
    const bytes = JSON.stringify(exported);
    for (const nominal of [suffix, 'AF443', 'terminal 2E', 'Bricks'])
      expect(bytes).not.toContain(nominal);

    const record = await send(getCaseExport, { exportId: started.id }, liaison);
    expect(record).toMatchObject({ status: 'complete', by: liaison.sub, pages: 2, format: 'csv' });
    expect([...record.caseIds].sort()).toEqual([...validated].sort());
    expect((await failure(send(caseExportPage, { exportId: started.id }, liaison))).code).toBe(
      'CONFLICT',
    );

    let events: CloudEvent<{ exportId: string; caseIds: string[]; last: boolean }>[] = [];
    for (let attempt = 0; attempt < 50 && events.length < 2; attempt++) {
      events = (
        await storedEvents<CloudEvent<{ exportId: string; caseIds: string[]; last: boolean }>>(
          service.nats,
          'events.cases.export.recorded.v1',
        )
      ).filter((e) => e.data.exportId === started.id);
      if (events.length < 2) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(events.map((e) => [e.data.caseIds.length, e.data.last, e.actor])).toEqual([
      [2, false, liaison.sub],
      [1, true, liaison.sub],
    ]);
  });

  async function runImport(dryRun: boolean, rows: ReturnType<typeof rowsOf>): Promise<CaseImport> {
    const { send } = service;
    const job = await send(
      startCaseImport,
      { fileName: 'seizures.csv', format: 'csv', dryRun },
      officer,
    );
    for (let i = 0; i < rows.length; i += 100)
      await send(addCaseImportRows, { importId: job.id, rows: rows.slice(i, i + 100) }, officer);
    let state = await send(finishCaseImport, { importId: job.id }, officer);
    for (let attempt = 0; attempt < 300 && state.status === 'importing'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      state = await send(getCaseImport, { importId: job.id }, officer);
    }
    return state;
  }

  it('imports: a dry run reports each bad row and stores nothing; a second real run adds nothing', async () => {
    // 120 rows, two per case (references IMP-0..IMP-59); rows 9 and 50 name an unknown unit.
    const rows = rowsOf((i) => `IMP-${suffix}-${Math.floor(i / 2)}`, 120, [9, 50]);
    const before = await cases();

    const dry = await runImport(true, rows);
    expect(dry).toMatchObject({
      status: 'checked',
      rows: 120,
      badRows: 2,
      cases: 60,
      validCases: 58,
      imported: 0,
    });
    expect(dry.problems).toEqual([
      { row: 9, column: 'unit', reason: expect.stringContaining('"XX" units') },
      { row: 50, column: 'unit', reason: expect.stringContaining('"XX" units') },
    ]);
    expect(await cases()).toBe(before);

    const real = await runImport(false, rows);
    expect(real).toMatchObject({
      status: 'imported',
      cases: 60,
      validCases: 58,
      imported: 58,
      alreadyImported: 0,
      failed: 0,
    });
    expect(await cases()).toBe(before + 58);

    const again = await runImport(false, rows);
    expect(again).toMatchObject({ status: 'imported', imported: 0, alreadyImported: 58 });
    expect(await cases()).toBe(before + 58);
  });

  it('resumes an import that a shutdown stopped halfway when the service starts again', async () => {
    const { send } = service;
    const rows = rowsOf((i) => `RST-${suffix}-${i}`, 300, []);
    const before = await cases();
    const job = await send(
      startCaseImport,
      { fileName: 'big.csv', format: 'csv', dryRun: false },
      officer,
    );
    for (let i = 0; i < rows.length; i += 100)
      await send(addCaseImportRows, { importId: job.id, rows: rows.slice(i, i + 100) }, officer);
    expect((await send(finishCaseImport, { importId: job.id }, officer)).status).toBe('importing');
    let state = await send(getCaseImport, { importId: job.id }, officer);
    for (let attempt = 0; attempt < 100 && state.imported < 10; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      state = await send(getCaseImport, { importId: job.id }, officer);
    }
    await service.restart();
    const stopped = await send(getCaseImport, { importId: job.id }, officer);
    // Stopped between two cases, before the end (else this test tests nothing).
    expect(stopped.status).toBe('importing');
    expect(stopped.imported).toBeLessThan(300);

    for (let attempt = 0; attempt < 300 && state.status !== 'imported'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      state = await send(getCaseImport, { importId: job.id }, officer);
    }
    expect(state).toMatchObject({
      status: 'imported',
      cases: 300,
      validCases: 300,
      imported: 300,
      alreadyImported: 0,
      failed: 0,
    });
    expect(await cases()).toBe(before + 300);
  });

  it('refuses an import to whoever has no office or the wrong role', async () => {
    expect(
      (
        await failure(
          service.send(
            startCaseImport,
            { fileName: 'a.csv', format: 'csv', dryRun: true },
            liaison,
          ),
        )
      ).code,
    ).toBe('FORBIDDEN');
  });
});
