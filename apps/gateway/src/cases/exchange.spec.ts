import { type NestExpressApplication } from '@nestjs/platform-express';
import {
  type CaseImport,
  EXCHANGE_COLUMNS,
  type ExchangeCase,
  caseExchangeRequestContracts,
} from '@opencen/contracts';
import { ServiceError } from '@opencen/nest-kit';
import ExcelJS from 'exceljs';
import { gatewayOpenApiDocument } from '../gateway';
import { type Problem } from '../problems/problem';
import {
  type CallInit,
  type Replier,
  StubNats,
  expectedOutcomes,
  roleOutcomes,
  startStubbedGateway,
  PURPOSE,
} from '../testing/gateway-harness';
import { IMPORT_BATCH_ROWS } from './exchange.handlers';
import { XLSX_TYPE } from './exchange-files';

// The exchange routes over HTTP, with Keycloak and NATS stubbed: the export streamed page by page
// in each format, the import parsed from multipart and sent in batches, and what is refused.

function exchangeCase(n: number): ExchangeCase {
  return {
    caseNumber: `FRACDG-2026-${String(n).padStart(6, '0')}`,
    type: 'seizure',
    status: 'validated',
    detectedAt: '2026-03-14T08:30:00.000Z',
    detectionOffice: 'FRA-CDG',
    office: 'FRA-CDG',
    detectionMethods: ['XRAY_SCANNER'],
    riskIndicatorCodes: [],
    transitCountries: ['PT'],
    items: [
      { commodityCategory: 'DRUGS', quantity: n, unit: 'KGM' },
      { commodityCategory: 'CIGARETTES', quantity: 2, unit: 'NAR', sticks: 400 },
    ],
    persons: [{ role: 'offender', arrested: true, gender: 'male', ageBand: '25-34' }],
    companies: [],
    fines: [],
  };
}

/** Three pages of cases: 2, 2 and 1. */
const PAGES: Record<string, { cases: ExchangeCase[]; nextCursor?: string }> = {
  first: { cases: [exchangeCase(1), exchangeCase(2)], nextCursor: 'c2' },
  c2: { cases: [exchangeCase(3), exchangeCase(4)], nextCursor: 'c4' },
  c4: { cases: [exchangeCase(5)] },
};

function job(overrides: Partial<CaseImport> = {}): CaseImport {
  return {
    id: 'imp-1',
    office: 'FRA-CDG',
    fileName: 'seizures.csv',
    format: 'csv',
    dryRun: true,
    status: 'receiving',
    by: 'sub-officer',
    at: '2026-03-14T10:00:00.000Z',
    rows: 0,
    badRows: 0,
    cases: 0,
    validCases: 0,
    imported: 0,
    alreadyImported: 0,
    failed: 0,
    problemCount: 0,
    problems: [],
    ...overrides,
  };
}

let exportFormat = 'json';
const defaultReply: Replier = async (subject, payload) => {
  switch (subject) {
    case 'cases.export.start':
      exportFormat = String(payload.format);
      return {
        id: 'exp-1',
        format: payload.format,
        filter: payload.filter,
        status: 'running',
        by: 'sub-liaison',
        at: '2026-03-14T10:00:00.000Z',
        caseIds: [],
        pages: 0,
      };
    case 'cases.export.page':
      return PAGES[String(payload.cursor ?? 'first')];
    case 'cases.export.get':
      return {
        id: payload.exportId,
        format: exportFormat,
        filter: {},
        status: 'complete',
        by: 'sub-liaison',
        at: '2026-03-14T10:00:00.000Z',
        caseIds: ['a'],
        pages: 1,
      };
    case 'cases.import.start':
      return job({ fileName: String(payload.fileName), dryRun: Boolean(payload.dryRun) });
    case 'cases.import.rows':
      return job();
    case 'cases.import.finish':
    case 'cases.import.get':
      return job({ id: String(payload.importId), status: 'checked', rows: 3 });
    default:
      throw new Error(`unexpected ${subject}`);
  }
};

const CSV_HEADER = 'Reference,TYPE,detectedAt,commodityCategory,quantity,unit,narrative';
const csvRow = (i: number) => `R-${Math.floor(i / 2)},seizure,2026-04-01,DRUGS,${i + 1},KGM,`;

describe('case exchange over HTTP (stubbed Keycloak and NATS)', () => {
  const nats = new StubNats(defaultReply);
  let app: NestExpressApplication;
  let call: (path: string, init?: CallInit) => Promise<Response>;
  let base: string;

  beforeAll(async () => {
    ({ app, call } = await startStubbedGateway(nats));
    base = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
  });

  beforeEach(() => {
    nats.sent = [];
    nats.reply = defaultReply;
  });

  const exportAs = (format: string, as = 'liaison', filter: object = { routeCountry: 'PT' }) =>
    call('/api/v1/cases/exports', {
      method: 'POST',
      as,
      body: { format, filter },
      headers: PURPOSE,
    });

  /** Sends a multipart upload: the fields in order, then the file. */
  function upload(
    fields: [string, string][],
    file?: { name: string; type: string; data: string | Uint8Array },
    as = 'officer',
  ): Promise<Response> {
    const form = new FormData();
    for (const [name, value] of fields) form.append(name, value);
    if (file) form.append('file', new Blob([file.data], { type: file.type }), file.name);
    return fetch(`${base}/api/v1/cases/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${as}-token` },
      body: form,
    });
  }

  const csvFile = (lines: string[], name = 'seizures.csv') => ({
    name,
    type: 'text/csv',
    data: `${lines.join('\r\n')}\r\n`,
  });

  describe('export', () => {
    it('streams JSON page by page: every case, the pages asked after each cursor, as a download', async () => {
      const response = await exportAs('json');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('content-disposition')).toBe(
        'attachment; filename="cases-export-exp-1.json"',
      );
      expect(response.headers.get('content-location')).toBe('/api/v1/cases/exports/exp-1');
      const cases = (await response.json()) as ExchangeCase[];
      expect(cases.map((c) => c.caseNumber)).toEqual(
        [1, 2, 3, 4, 5].map((n) => exchangeCase(n).caseNumber),
      );
      expect(nats.sent.map((s) => [s.subject, s.payload.cursor])).toEqual([
        ['cases.export.start', undefined],
        ['cases.export.page', undefined],
        ['cases.export.page', 'c2'],
        ['cases.export.page', 'c4'],
      ]);
      expect(nats.sent[0]!.payload).toEqual({ format: 'json', filter: { routeCountry: 'PT' } });
      expect(nats.sent[1]!.payload).toMatchObject({ exportId: 'exp-1', limit: 500 });
      expect(nats.sent[0]!.context.principal?.sub).toBe('sub-liaison');
    });

    it('writes an empty export as an empty array', async () => {
      nats.reply = async (subject, payload) =>
        subject === 'cases.export.page' ? { cases: [] } : defaultReply(subject, payload);
      const response = await exportAs('json');
      expect(await response.json()).toEqual([]);
    });

    it('writes CSV with the exchange columns, one row per item', async () => {
      const response = await exportAs('csv');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(response.headers.get('content-disposition')).toMatch(
        /filename="cases-export-exp-1\.csv"/,
      );
      const lines = (await response.text()).trim().split('\n');
      expect(lines[0]).toBe(EXCHANGE_COLUMNS.join(','));
      expect(lines).toHaveLength(1 + 5 * 2);
      expect(lines[1]).toMatch(/^FRACDG-2026-000001,seizure,validated,/);
      expect(lines[1]).toContain('offender::male:25-34:true');
    });

    it('writes XLSX that a spreadsheet reader opens, one row per item', async () => {
      const response = await exportAs('xlsx');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(XLSX_TYPE);
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(await response.arrayBuffer());
      const sheet = workbook.worksheets[0]!;
      expect(sheet.rowCount).toBe(1 + 5 * 2);
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...EXCHANGE_COLUMNS]);
      const quantity = EXCHANGE_COLUMNS.indexOf('quantity') + 1;
      expect(sheet.getRow(10).getCell(1).value).toBe('FRACDG-2026-000005');
      expect(sheet.getRow(10).getCell(quantity).value).toBe(5);
    });

    it('cuts the transfer when a later page fails, so a part is never taken for the whole', async () => {
      nats.reply = async (subject, payload) => {
        if (subject === 'cases.export.page' && payload.cursor === 'c2') {
          throw new ServiceError('UNAVAILABLE', 'cases is down');
        }
        return defaultReply(subject, payload);
      };
      // Headers may or may not have reached the client before the cut; the body never ends well.
      const outcome = await exportAs('json').then(
        (response) =>
          response.text().then(
            () => 'whole',
            () => 'cut',
          ),
        () => 'cut',
      );
      expect(outcome).toBe('cut');
      expect(nats.sent.map((s) => s.payload.cursor)).toEqual([undefined, undefined, 'c2']);
    });

    it('answers a refusal before the first page as a problem', async () => {
      nats.reply = async (subject, payload) => {
        if (subject === 'cases.export.start') throw ServiceError.forbidden('not your office');
        return defaultReply(subject, payload);
      };
      const response = await exportAs('csv', 'supervisor');
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });

    it('refuses a bad format or filter, naming each field, without calling the service', async () => {
      const response = await exportAs('pdf', 'liaison', { routeCountry: 'Portugal' });
      expect(response.status).toBe(400);
      const problem = (await response.json()) as Problem;
      expect(problem.errors.map((e) => e.path).sort()).toEqual(['filter.routeCountry', 'format']);
      expect(nats.sent).toEqual([]);
    });

    it('is for liaison officers and supervisors', async () => {
      const outcomes = await roleOutcomes(nats, call, {
        name: 'export',
        method: 'POST',
        path: '/api/v1/cases/exports',
        body: { format: 'json' },
        headers: PURPOSE,
      });
      expect(outcomes).toEqual(expectedOutcomes(['supervisor', 'liaison'], 200));
    });

    it('reads the record of an export', async () => {
      const response = await call('/api/v1/cases/exports/exp-9', { as: 'liaison' });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ id: 'exp-9', status: 'complete' });
      expect(nats.sent.map((s) => [s.subject, s.payload])).toEqual([
        ['cases.export.get', { exportId: 'exp-9' }],
      ]);
      const outcomes = await roleOutcomes(nats, call, {
        name: 'export record',
        method: 'GET',
        path: '/api/v1/cases/exports/exp-9',
      });
      expect(outcomes).toEqual(expectedOutcomes(['supervisor', 'liaison'], 200));
    });
  });

  describe('import', () => {
    it('sends the rows of a CSV in batches with their row numbers and columns, then finishes: a dry run is 200', async () => {
      const rows = Array.from({ length: IMPORT_BATCH_ROWS * 2 + 3 }, (_, i) => csvRow(i));
      const response = await upload([['dryRun', 'true']], csvFile([CSV_HEADER, ...rows]));
      expect(response.status).toBe(200);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.json()).toMatchObject({ id: 'imp-1', status: 'checked' });

      expect(nats.sent.map((s) => s.subject)).toEqual([
        'cases.import.start',
        'cases.import.rows',
        'cases.import.rows',
        'cases.import.rows',
        'cases.import.finish',
      ]);
      expect(nats.sent[0]!.payload).toEqual({
        fileName: 'seizures.csv',
        format: 'csv',
        dryRun: true,
      });
      const batches = nats.sent.filter((s) => s.subject === 'cases.import.rows');
      expect(batches.map((b) => (b.payload.rows as unknown[]).length)).toEqual([
        IMPORT_BATCH_ROWS,
        IMPORT_BATCH_ROWS,
        3,
      ]);
      expect((batches[0]!.payload.rows as unknown[])[0]).toEqual({
        row: 2,
        cells: {
          reference: 'R-0',
          type: 'seizure',
          detectedAt: '2026-04-01',
          commodityCategory: 'DRUGS',
          quantity: '1',
          unit: 'KGM',
        },
      });
      expect(batches[2]!.payload).toMatchObject({
        importId: 'imp-1',
        rows: [2, 3, 4].map((n) => ({ row: IMPORT_BATCH_ROWS * 2 + n })),
      });
    });

    it('numbers rows as lines of the file, skipping empty lines', async () => {
      await upload([['dryRun', 'true']], csvFile([CSV_HEADER, csvRow(0), '', csvRow(1)]));
      const batch = nats.sent.find((s) => s.subject === 'cases.import.rows')!;
      expect((batch.payload.rows as { row: number }[]).map((r) => r.row)).toEqual([2, 4]);
    });

    it('answers a real run 202 with the job and its Location', async () => {
      nats.reply = async (subject, payload) =>
        subject === 'cases.import.finish'
          ? job({ status: 'importing', dryRun: false })
          : defaultReply(subject, payload);
      const response = await upload([['dryRun', 'false']], csvFile([CSV_HEADER, csvRow(0)]));
      expect(response.status).toBe(202);
      expect(response.headers.get('location')).toBe('/api/v1/cases/imports/imp-1');
      expect(await response.json()).toMatchObject({ status: 'importing', dryRun: false });
      expect(nats.sent[0]!.payload.dryRun).toBe(false);
    });

    it('reads the first worksheet of an XLSX, dates as dates and numbers as text', async () => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('seizures');
      sheet.addRow(['reference', 'type', 'detectedAt', 'commodityCategory', 'quantity', 'unit']);
      sheet.addRow(['X-1', 'seizure', new Date(Date.UTC(2026, 3, 1)), 'DRUGS', 12.5, 'KGM']);
      sheet.addRow([]);
      sheet.addRow([
        'X-2',
        { richText: [{ text: 'sei' }, { text: 'zure' }] },
        '',
        'DRUGS',
        3,
        'KGM',
      ]);
      workbook.addWorksheet('notes').addRow(['not', 'read']);
      const data = new Uint8Array(await workbook.xlsx.writeBuffer());

      const response = await upload([['dryRun', 'true']], {
        name: 'seizures.xlsx',
        type: XLSX_TYPE,
        data,
      });
      expect(response.status).toBe(200);
      expect(nats.sent[0]!.payload).toMatchObject({ format: 'xlsx', fileName: 'seizures.xlsx' });
      const batch = nats.sent.find((s) => s.subject === 'cases.import.rows')!;
      expect(batch.payload.rows).toEqual([
        {
          row: 2,
          cells: {
            reference: 'X-1',
            type: 'seizure',
            detectedAt: '2026-04-01',
            commodityCategory: 'DRUGS',
            quantity: '12.5',
            unit: 'KGM',
          },
        },
        {
          row: 4,
          cells: {
            reference: 'X-2',
            type: 'seizure',
            commodityCategory: 'DRUGS',
            quantity: '3',
            unit: 'KGM',
          },
        },
      ]);
    });

    it.each(['true', 'false'])(
      'refuses a bad header naming each unknown column at file, before any job is opened (dryRun %s)',
      async (dryRun) => {
        const response = await upload(
          [['dryRun', dryRun]],
          csvFile([
            'reference,type,quantitiy,unit,commodityCategory,colour',
            'R,seizure,1,KGM,DRUGS,red',
          ]),
        );
        expect(response.status).toBe(400);
        const problem = (await response.json()) as Problem;
        expect(problem.errors).toEqual([
          { path: 'file', reason: 'Unknown column "quantitiy"' },
          { path: 'file', reason: 'Unknown column "colour"' },
          { path: 'file', reason: 'Missing column quantity' },
        ]);
        expect(problem.detail).toMatch(/The columns are reference, type, /);
        expect(nats.sent).toEqual([]);
      },
    );

    it('refuses an unknown form field before the file, naming it, before any job is opened', async () => {
      const response = await upload(
        [
          ['dryRun', 'true'],
          ['dryrun', 'true'],
        ],
        csvFile([CSV_HEADER, csvRow(0)]),
      );
      expect(response.status).toBe(400);
      expect(((await response.json()) as Problem).errors).toEqual([
        { path: 'dryrun', reason: 'Unknown field' },
      ]);
      expect(nats.sent).toEqual([]);
    });

    it('does not finish a job when an unknown field follows the file', async () => {
      const form = new FormData();
      form.append('dryRun', 'false');
      form.append('file', new Blob([`${CSV_HEADER}\n${csvRow(0)}\n`]), 'seizures.csv');
      form.append('office', 'FRA-CDG');
      const response = await fetch(`${base}/api/v1/cases/imports`, {
        method: 'POST',
        headers: { authorization: 'Bearer officer-token' },
        body: form,
      });
      expect(response.status).toBe(400);
      expect(((await response.json()) as Problem).errors).toEqual([
        { path: 'office', reason: 'Unknown field' },
      ]);
      expect(nats.sent.map((s) => s.subject)).not.toContain('cases.import.finish');
    });

    it('refuses a CSV that cannot be parsed, naming file and the line', async () => {
      const response = await upload(
        [['dryRun', 'true']],
        csvFile([CSV_HEADER, csvRow(0), 'R-9,seizure,"2026-04-01,DRUGS,1,KGM,']),
      );
      expect(response.status).toBe(400);
      const problem = (await response.json()) as Problem;
      expect(problem.errors.map((e) => e.path)).toEqual(['file']);
      expect(problem.errors[0]!.reason).toMatch(/not valid CSV/);
    });

    it('refuses a file that is not a workbook though named .xlsx, naming file', async () => {
      const response = await upload([['dryRun', 'true']], {
        name: 'seizures.xlsx',
        type: XLSX_TYPE,
        data: 'reference,type\nR,seizure\n',
      });
      expect(response.status).toBe(400);
      const problem = (await response.json()) as Problem;
      expect(problem.errors.map((e) => e.path)).toEqual(['file']);
      expect(nats.sent).toEqual([]);
    });

    it('refuses a file of another type with 415 naming the part, and a body that is not multipart', async () => {
      const pdf = await upload([['dryRun', 'true']], {
        name: 'seizures.pdf',
        type: 'application/pdf',
        data: '%PDF-1.7',
      });
      expect(pdf.status).toBe(415);
      expect(((await pdf.json()) as Problem).detail).toMatch(/part file must be a CSV .* or XLSX/);

      const json = await call('/api/v1/cases/imports', {
        method: 'POST',
        as: 'officer',
        body: { dryRun: true },
      });
      expect(json.status).toBe(415);
      expect(nats.sent).toEqual([]);
    });

    it('needs dryRun, true or false, before the file, and a file', async () => {
      const missing = await upload([], csvFile([CSV_HEADER, csvRow(0)]));
      expect(missing.status).toBe(400);
      expect(((await missing.json()) as Problem).errors.map((e) => e.path)).toEqual(['dryRun']);

      const bad = await upload([['dryRun', 'yes']], csvFile([CSV_HEADER, csvRow(0)]));
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as Problem).errors.map((e) => e.path)).toEqual(['dryRun']);

      const noFile = await upload([['dryRun', 'true']]);
      expect(noFile.status).toBe(400);
      expect(((await noFile.json()) as Problem).errors.map((e) => e.path)).toEqual(['file']);

      const noRows = await upload([['dryRun', 'true']], csvFile([CSV_HEADER]));
      expect(noRows.status).toBe(400);
      expect(((await noRows.json()) as Problem).errors.map((e) => e.path)).toEqual(['file']);
      expect(nats.sent).toEqual([]);
    });

    it('is for officers and supervisors, and so is reading a job', async () => {
      for (const role of ['investigator', 'analyst', 'liaison', 'admin']) {
        const response = await upload([['dryRun', 'true']], csvFile([CSV_HEADER, csvRow(0)]), role);
        expect([role, response.status]).toEqual([role, 403]);
      }
      for (const role of ['officer', 'supervisor']) {
        const response = await upload([['dryRun', 'true']], csvFile([CSV_HEADER, csvRow(0)]), role);
        expect([role, response.status]).toEqual([role, 200]);
      }
      const outcomes = await roleOutcomes(nats, call, {
        name: 'import job',
        method: 'GET',
        path: '/api/v1/cases/imports/imp-1',
      });
      expect(outcomes).toEqual(expectedOutcomes(['officer', 'supervisor'], 200));
    });
  });

  describe('OpenAPI', () => {
    const document = gatewayOpenApiDocument();
    /** The value at a path of keys in the document. */
    const at = (...keys: string[]): unknown =>
      keys.reduce<unknown>((value, key) => (value as Record<string, unknown>)?.[key], document);

    it('documents the multipart upload and the 202 and 200 answers of the import', () => {
      const operation = ['paths', '/api/v1/cases/imports', 'post'];
      const multipart = [...operation, 'requestBody', 'content', 'multipart/form-data'];
      expect(at(...multipart, 'schema')).toMatchObject({
        required: ['dryRun', 'file'],
        properties: { file: { type: 'string', format: 'binary' } },
      });
      expect(at(...multipart, 'encoding', 'file', 'contentType')).toContain(XLSX_TYPE);
      expect(at(...operation, 'responses', '202', 'headers', 'Location')).toBeDefined();
      expect(at(...operation, 'responses', '200', 'content', 'application/json', 'schema')).toEqual(
        { $ref: '#/components/schemas/CaseImport' },
      );
    });

    it('names every exchange request the routes send', () => {
      const described = Object.values(document.paths)
        .flatMap((item) => Object.values(item).map((operation) => operation.description))
        .join('\n');
      // cases.exchange-record.get answers services only (case-exchange webhooks), never a user.
      for (const contract of caseExchangeRequestContracts.filter(
        (c) => c.aggregate !== 'exchange-record',
      )) {
        expect(described).toContain(`\`${contract.subject}\``);
      }
    });

    it('documents the export as a file download in each format', () => {
      const success = ['paths', '/api/v1/cases/exports', 'post', 'responses', '200'];
      expect(Object.keys(at(...success, 'content') as object).sort()).toEqual(
        ['application/json', 'text/csv; charset=utf-8', XLSX_TYPE].sort(),
      );
      expect(at(...success, 'content', 'text/csv; charset=utf-8', 'schema')).toEqual({
        type: 'string',
        format: 'binary',
      });
      expect(at(...success, 'headers', 'Content-Disposition')).toBeDefined();
      expect(
        at('paths', '/api/v1/cases/exports', 'post', 'requestBody', 'content', 'application/json'),
      ).toBeDefined();
      expect(at('paths', '/api/v1/cases/imports/{importId}', 'get')).toBeDefined();
      expect(at('paths', '/api/v1/cases/exports/{exportId}', 'get')).toBeDefined();
    });
  });
});
