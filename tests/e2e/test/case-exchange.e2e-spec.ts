import { randomBytes } from 'node:crypto';
import {
  type Case,
  type CaseExport,
  type CaseImport,
  type Conveyance,
  EXCHANGE_COLUMNS,
  type ExchangeCase,
  type Person,
} from '@opencen/contracts';
import ExcelJS from 'exceljs';
import { PURPOSE, type ProblemBody, api, gatewayUrl, tokenOf } from './support/gateway';

// The international export and the bulk import of cases, through the gateway with real Keycloak
// tokens: what the seeded persons and conveyance are called never leaves in an export, and an
// import reports exactly its bad rows, stores nothing on a dry run and nothing twice.

const suffix = randomBytes(4).toString('hex').toUpperCase();
/** A route country no other e2e test uses, so that the export holds only this file's cases. */
const ROUTE_COUNTRY = 'IS';

const people = [
  {
    familyName: `Vandersloot${suffix}`,
    givenNames: `Ottoline${suffix}`,
    gender: 'female',
    dateOfBirth: '1987-05-17',
    nationalities: ['NL'],
    documents: [{ type: 'passport', number: `NLP${suffix}9` }],
    phones: [`+31 6 ${suffix}`],
  },
  {
    familyName: `Quarrington${suffix}`,
    givenNames: `Barnaby${suffix}`,
    gender: 'male',
    dateOfBirth: '1970',
    nationalities: ['GB'],
    documents: [{ type: 'driving-licence', number: `GBD${suffix}7` }],
  },
];
const plate = `ZX${suffix}`;

/** Every nominal value seeded, as it was entered. */
const seededValues = [
  ...people.flatMap((p) => [p.familyName, p.givenNames, ...p.documents.map((d) => d.number)]),
  plate,
  `+31 6 ${suffix}`,
];

const detectedAt = new Date(Date.now() - 86_400_000).toISOString();

function seizureNaming(personIds: string[], conveyanceId: string) {
  return {
    type: 'seizure',
    detectedAt,
    location: { office: 'FRA-CDG', placeType: `gate of ${people[0]!.familyName}`, country: 'FR' },
    procedure: 'import',
    detectionMethods: ['XRAY_SCANNER'],
    transportMode: 'ROAD',
    items: [
      {
        commodityCategory: 'DRUGS',
        hsCode: '293979',
        description: `Bags carried by ${people[1]!.familyName}`,
        quantity: 4.5,
        unit: 'KGM',
      },
    ],
    route: { departureCountry: 'NL', transitCountries: [ROUTE_COUNTRY], destinationCountry: 'FR' },
    parties: [
      { subjectType: 'person', subjectId: personIds[0], role: 'offender', arrested: true },
      { subjectType: 'person', subjectId: personIds[1], role: 'driver' },
    ],
    conveyance: { conveyanceId },
    narrative: `${people[0]!.givenNames} ${people[0]!.familyName} (passport ${people[0]!.documents[0]!.number}) drove ${plate}.`,
  };
}

/** What a text holds of the seeded values: as entered, or without spaces and dashes. */
function seededIn(text: string): string[] {
  const squeezed = text.toUpperCase().replace(/[\s-]/g, '');
  return seededValues.filter(
    (value) => text.includes(value) || squeezed.includes(value.toUpperCase().replace(/[\s-]/g, '')),
  );
}

async function exportAs(format: 'json' | 'csv' | 'xlsx', as: 'liaison' | 'supervisor' = 'liaison') {
  const response = await fetch(`${gatewayUrl()}/api/v1/cases/exports`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await tokenOf(as)}`,
      'content-type': 'application/json',
      ...PURPOSE,
    },
    body: JSON.stringify({ format, filter: { routeCountry: ROUTE_COUNTRY } }),
  });
  return { response, bytes: Buffer.from(await response.arrayBuffer()) };
}

describe('the non-nominal export through the gateway', () => {
  const validated: Case[] = [];

  beforeAll(async () => {
    const personIds: string[] = [];
    for (const draft of people) {
      const created = await api<{ outcome: string; person: Person }>('/api/v1/persons', {
        method: 'POST',
        as: 'officer',
        body: { draft, confirmedNew: true },
      });
      expect(created.status).toBe(201);
      personIds.push(created.body.person.id);
    }
    const vehicle = await api<{ outcome: string; conveyance: Conveyance }>('/api/v1/conveyances', {
      method: 'POST',
      as: 'officer',
      body: {
        draft: { type: 'vehicle', plate, plateCountry: 'NL', make: 'DAF' },
        confirmedNew: true,
      },
    });
    expect(vehicle.status).toBe(201);

    for (let i = 0; i < 2; i++) {
      let kase = (
        await api<Case>('/api/v1/cases', {
          method: 'POST',
          as: 'officer',
          body: { draft: seizureNaming(personIds, vehicle.body.conveyance.id) },
        })
      ).body;
      expect(kase.status).toBe('draft');
      for (const [as, transition] of [
        ['officer', 'submit'],
        ['supervisor', 'validate'],
      ] as const) {
        const reply = await api<Case>(`/api/v1/cases/${kase.id}/${transition}`, {
          method: 'POST',
          as,
          headers: { 'if-match': `"${kase.version}"` },
        });
        expect([transition, reply.status]).toEqual([transition, 200]);
        kase = reply.body;
      }
      expect(kase.status).toBe('validated');
      validated.push(kase);
    }
  });

  it('exports JSON with the cases and none of the names, documents or plate seeded into them', async () => {
    const { response, bytes } = await exportAs('json');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(
      /^attachment; filename=".+\.json"$/,
    );
    const text = bytes.toString('utf8');
    expect(seededIn(text)).toEqual([]);

    const cases = JSON.parse(text) as ExchangeCase[];
    const numbers = cases.map((c) => c.caseNumber);
    for (const kase of validated) expect(numbers).toContain(kase.number);
    const ours = cases.find((c) => c.caseNumber === validated[0]!.number)!;
    expect(ours).toMatchObject({
      status: 'validated',
      transitCountries: [ROUTE_COUNTRY],
      conveyance: { type: 'vehicle', country: 'NL' },
      items: [{ commodityCategory: 'DRUGS', quantity: 4.5, unit: 'KGM' }],
    });
    expect(ours.persons).toEqual([
      { role: 'offender', arrested: true, nationality: 'NL', gender: 'female', ageBand: '35-44' },
      { role: 'driver', arrested: false, nationality: 'GB', gender: 'male', ageBand: '55-64' },
    ]);

    // The export was recorded with the cases it served.
    const record = await api<CaseExport>(response.headers.get('content-location')!, {
      as: 'liaison',
    });
    expect(record.status).toBe(200);
    expect(record.body.status).toBe('complete');
    for (const kase of validated) expect(record.body.caseIds).toContain(kase.id);
  });

  it('exports CSV with the cases and none of the seeded values', async () => {
    const { response, bytes } = await exportAs('csv', 'supervisor');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = bytes.toString('utf8');
    expect(seededIn(text)).toEqual([]);
    const lines = text.trim().split(/\r?\n/);
    expect(lines[0]).toBe(EXCHANGE_COLUMNS.join(','));
    for (const kase of validated) {
      expect(lines.filter((line) => line.startsWith(`${kase.number},`))).toHaveLength(1);
    }
  });

  it('exports XLSX that opens, with the cases and none of the seeded values in any cell', async () => {
    const { response, bytes } = await exportAs('xlsx');
    expect(response.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const cells: string[] = [];
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) => row.eachCell((cell) => cells.push(String(cell.value)))),
    );
    expect(seededIn(cells.join('\n'))).toEqual([]);
    const sheet = workbook.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...EXCHANGE_COLUMNS]);
    const numbers = sheet.getColumn(1).values.map(String);
    for (const kase of validated) expect(numbers).toContain(kase.number);
  });

  it('is not for officers: 403, and nothing is exported', async () => {
    const refused = await api<ProblemBody>('/api/v1/cases/exports', {
      method: 'POST',
      as: 'officer',
      body: { format: 'json' },
    });
    expect(refused.status).toBe(403);
  });
});

describe('the bulk import through the gateway', () => {
  // officer2 imports into FRA-LEH, an office no other e2e test records cases in, so that case
  // numbers (gap-free, per office and year) count what is stored there.
  const office = 'FRALEH';
  const year = new Date().getUTCFullYear();
  const ROWS = 1000;
  const ROWS_PER_CASE = 10;
  /** The bad rows (the header is row 1), each in another case, and the column that is wrong. */
  const BAD = new Map<number, { column: string; value: string }>([
    [57, { column: 'unit', value: 'NOPE' }],
    [404, { column: 'quantity', value: '-3' }],
    [777, { column: 'hsCode', value: '12' }],
  ]);
  const casesInFile = ROWS / ROWS_PER_CASE;

  const header = [
    'reference',
    'type',
    'detectedAt',
    'detectionOffice',
    'detectionMethods',
    'departureCountry',
    'commodityCategory',
    'hsCode',
    'quantity',
    'unit',
  ];
  const csv = [
    header.join(','),
    ...Array.from({ length: ROWS }, (_, i) => {
      const row = i + 2;
      const cells: Record<string, string> = {
        reference: `E2E-${suffix}-${String(Math.floor(i / ROWS_PER_CASE)).padStart(3, '0')}`,
        type: 'seizure',
        detectedAt: '2026-01-15',
        detectionOffice: 'FRA-LEH',
        detectionMethods: 'XRAY_SCANNER',
        departureCountry: 'CO',
        commodityCategory: 'DRUGS',
        hsCode: '293979',
        quantity: String((i % 7) + 1),
        unit: 'KGM',
      };
      const bad = BAD.get(row);
      if (bad) cells[bad.column] = bad.value;
      return header.map((column) => cells[column]).join(',');
    }),
  ].join('\n');

  /** Whether case number `sequence` of FRA-LEH this year exists. */
  async function exists(sequence: number): Promise<boolean> {
    const number = `${office}-${year}-${String(sequence).padStart(6, '0')}`;
    const reply = await api(`/api/v1/cases/${number}`, { as: 'officer2' });
    if (reply.status !== 200 && reply.status !== 404) {
      throw new Error(`GET ${number} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    }
    return reply.status === 200;
  }

  /** How many cases FRA-LEH has this year: numbers are gap-free, so the first missing one tells. */
  async function storedCases(): Promise<number> {
    let count = 0;
    while (await exists(count + 1)) count += 1;
    return count;
  }

  async function upload(dryRun: boolean) {
    const form = new FormData();
    form.append('dryRun', String(dryRun));
    form.append('file', new Blob([csv], { type: 'text/csv' }), 'seizures-2026.csv');
    const response = await fetch(`${gatewayUrl()}/api/v1/cases/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenOf('officer2')}` },
      body: form,
    });
    return { response, job: (await response.json()) as CaseImport };
  }

  /** A real run, polled through its Location until it has imported. */
  async function importForReal(): Promise<CaseImport> {
    const { response, job } = await upload(false);
    expect(response.status).toBe(202);
    const location = response.headers.get('location')!;
    expect(location).toBe(`/api/v1/cases/imports/${job.id}`);
    let state = job;
    for (let attempt = 0; attempt < 600 && state.status !== 'imported'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const polled = await api<CaseImport>(location, { as: 'officer2' });
      expect(polled.status).toBe(200);
      state = polled.body;
    }
    return state;
  }

  let before: number;

  beforeAll(async () => {
    before = await storedCases();
  });

  it('reports exactly the 3 bad rows of 1,000 in a dry run, with row, column and reason, and stores nothing', async () => {
    const { response, job } = await upload(true);
    expect(response.status).toBe(200);
    expect(job).toMatchObject({
      dryRun: true,
      status: 'checked',
      office: 'FRA-LEH',
      fileName: 'seizures-2026.csv',
      rows: ROWS,
      badRows: 3,
      cases: casesInFile,
      validCases: casesInFile - 3,
      imported: 0,
      problemCount: 3,
    });
    expect(job.problems).toEqual([
      { row: 57, column: 'unit', reason: expect.stringContaining('NOPE') },
      { row: 404, column: 'quantity', reason: expect.any(String) },
      { row: 777, column: 'hsCode', reason: expect.any(String) },
    ]);
    expect(await exists(before + 1)).toBe(false);
  });

  it('imports every good case in a real run, and nothing again in a second one', async () => {
    const first = await importForReal();
    expect(first).toMatchObject({
      status: 'imported',
      dryRun: false,
      cases: casesInFile,
      validCases: casesInFile - 3,
      imported: casesInFile - 3,
      alreadyImported: 0,
      failed: 0,
      badRows: 3,
    });
    expect(first.problems.map((p) => p.row)).toEqual([...BAD.keys()]);
    expect(await storedCases()).toBe(before + casesInFile - 3);

    const imported = await api<Case>(
      `/api/v1/cases/${office}-${year}-${String(before + 1).padStart(6, '0')}`,
      {
        as: 'officer2',
      },
    );
    expect(imported.body).toMatchObject({ status: 'draft', office: 'FRA-LEH' });
    expect(imported.body.items).toHaveLength(ROWS_PER_CASE);

    const second = await importForReal();
    expect(second).toMatchObject({
      status: 'imported',
      imported: 0,
      alreadyImported: casesInFile - 3,
      failed: 0,
    });
    expect(await exists(before + casesInFile - 3 + 1)).toBe(false);
  }, 300_000); // ~100 cases created one by one in the background; slow on a loaded FerretDB

  it('refuses an analyst (403) and a file that is not CSV or XLSX (415), storing nothing', async () => {
    const form = new FormData();
    form.append('dryRun', 'false');
    form.append('file', new Blob(['%PDF-1.7'], { type: 'application/pdf' }), 'seizures.pdf');
    const pdf = await fetch(`${gatewayUrl()}/api/v1/cases/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenOf('officer2')}` },
      body: form,
    });
    expect(pdf.status).toBe(415);
    expect(((await pdf.json()) as ProblemBody).detail).toMatch(/part file/);

    const analyst = await fetch(`${gatewayUrl()}/api/v1/cases/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenOf('analyst')}` },
      body: form,
    });
    expect(analyst.status).toBe(403);
  });
});
