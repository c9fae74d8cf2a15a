/**
 * International exchange and bulk import of cases.
 *
 * **Export** (`cases.export.*`): validated (and closed) cases in the non-nominal exchange format
 * {@link exchangeCaseSchema}: codes, quantities, values, dates, offices, route countries, methods,
 * HS codes and categories; never names, document numbers, addresses, phones, plates, coordinates or
 * free text (narrative, descriptions, places, comments, risk-indicator text, tags). Persons are
 * reduced to nationality, gender and age band at the detection date; companies to country and role;
 * the conveyance to its type and country. A client starts an export (recorded: who, when, format,
 * filter) and then pages through it by cursor; each page served adds its case ids to the record and
 * emits `cases.export.recorded.v1`, so what left the system is recorded when it left.
 *
 * **Import** (`cases.import.*`): rows of a CSV / XLSX file (one row per item, grouped into cases by
 * the `reference` column; see {@link IMPORT_COLUMNS}) are sent in batches to an import job, checked
 * (each bad row named with its row number, column and reason), and at the end either only reported
 * (dry run: no case stored) or imported as draft cases, each keyed on office + reference so that a
 * second run imports nothing twice.
 */
import { z } from 'zod';

import { defineEvent } from '../events';
import { countryCodeSchema } from '../persons/person.contracts';
import { defineRequest } from '../requests';
import {
  CASE_STATUSES,
  CASE_TYPES,
  CITES_APPENDICES,
  CUSTOMS_PROCEDURES,
  DISPOSALS,
  PROSECUTION_STATUSES,
  NARRATIVE_MAX_LENGTH,
  TRANSPORT_DOCUMENT_TYPES,
} from './case.contracts';
import { CASE_PARTY_ROLES } from './case-subjects.contracts';

const id = z.string().min(1).max(64);
const code = z.string().min(1).max(35);
const timestamp = z.iso.datetime({ offset: true });

// ---------------------------------------------------------------------------------------------
// Export

export const EXCHANGE_FORMATS = ['json', 'csv', 'xlsx'] as const;
export type ExchangeFormat = (typeof EXCHANGE_FORMATS)[number];

/** Age at the detection date, in bands wide enough not to single anyone out. */
export const AGE_BANDS = [
  '0-17',
  '18-24',
  '25-34',
  '35-44',
  '45-54',
  '55-64',
  '65+',
  'unknown',
] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** A person of a case, non-nominal: nationality, gender and age band only. */
export const exchangePersonSchema = z.object({
  role: z.enum(CASE_PARTY_ROLES),
  arrested: z.boolean(),
  /** The nationality at the time of the case, else the person's first nationality. */
  nationality: countryCodeSchema.optional(),
  gender: z.enum(['female', 'male', 'other', 'unknown']),
  ageBand: z.enum(AGE_BANDS),
});

/** A company of a case: its country of registration and its role. */
export const exchangeCompanySchema = z.object({
  role: z.enum(CASE_PARTY_ROLES),
  country: countryCodeSchema.optional(),
});

export const exchangeItemSchema = z.object({
  commodityCategory: code.optional(),
  hsCode: z.string().optional(),
  quantity: z.number().optional(),
  unit: code.optional(),
  estimatedValue: z.object({ amount: z.number(), currency: z.string() }).optional(),
  /** Coded details of the category; names of goods only (no right holder, no free attributes). */
  drugType: z.string().optional(),
  brand: z.string().optional(),
  species: z.string().optional(),
  citesAppendix: z.enum(CITES_APPENDICES).optional(),
  sticks: z.number().int().optional(),
  objectType: z.string().optional(),
  concealmentMethod: code.optional(),
});

/** One case in the non-nominal exchange format. */
export const exchangeCaseSchema = z.object({
  /** The case number (office-year-sequence): identifies the case, not anyone in it. */
  caseNumber: z.string(),
  type: z.enum(CASE_TYPES),
  status: z.enum(CASE_STATUSES),
  detectedAt: timestamp.optional(),
  /** Customs office where it was detected (reference code), and the owning office. */
  detectionOffice: code.optional(),
  office: z.string(),
  country: countryCodeSchema.optional(),
  procedure: z.enum(CUSTOMS_PROCEDURES).optional(),
  detectionMethods: z.array(code),
  /** Codes of the risk indicators; their text is left out. */
  riskIndicatorCodes: z.array(z.string()),
  transportMode: code.optional(),
  departureCountry: countryCodeSchema.optional(),
  transitCountries: z.array(countryCodeSchema),
  destinationCountry: countryCodeSchema.optional(),
  conveyance: z
    .object({
      /** vehicle, vessel, aircraft... */
      type: z.string().optional(),
      /** Plate country or flag state. */
      country: countryCodeSchema.optional(),
      transportDocumentType: z.enum(TRANSPORT_DOCUMENT_TYPES).optional(),
    })
    .optional(),
  items: z.array(exchangeItemSchema),
  persons: z.array(exchangePersonSchema),
  companies: z.array(exchangeCompanySchema),
  fines: z.array(z.object({ kind: z.string(), amount: z.number(), currency: z.string() })),
  prosecutionStatus: z.enum(PROSECUTION_STATUSES).optional(),
  disposal: z.enum(DISPOSALS).optional(),
});
export type ExchangeCase = z.infer<typeof exchangeCaseSchema>;

/**
 * The columns of the CSV and XLSX exports, in order: one row per item (a case without items has
 * one row with empty item columns), the case columns repeated on each. Lists are joined with `;`;
 * `persons` holds `role:nationality:gender:ageBand:arrested`, `companies` `role:country`, `fines`
 * `kind:amount:currency`, each joined with `;`.
 */
export const EXCHANGE_COLUMNS = [
  'caseNumber',
  'type',
  'status',
  'detectedAt',
  'detectionOffice',
  'office',
  'country',
  'procedure',
  'detectionMethods',
  'riskIndicatorCodes',
  'transportMode',
  'departureCountry',
  'transitCountries',
  'destinationCountry',
  'conveyanceType',
  'conveyanceCountry',
  'transportDocumentType',
  'itemNumber',
  'commodityCategory',
  'hsCode',
  'quantity',
  'unit',
  'valueAmount',
  'valueCurrency',
  'drugType',
  'brand',
  'species',
  'citesAppendix',
  'sticks',
  'objectType',
  'concealmentMethod',
  'persons',
  'companies',
  'fines',
  'prosecutionStatus',
  'disposal',
] as const;
export type ExchangeColumn = (typeof EXCHANGE_COLUMNS)[number];

/** The rows of one exported case in the CSV / XLSX layout ({@link EXCHANGE_COLUMNS}). */
export function exchangeRows(kase: ExchangeCase): Record<ExchangeColumn, string | number>[] {
  const list = (values: readonly (string | number | boolean | undefined)[]) =>
    values.map((v) => (v === undefined ? '' : String(v))).join(':');
  const common = {
    caseNumber: kase.caseNumber,
    type: kase.type,
    status: kase.status,
    detectedAt: kase.detectedAt ?? '',
    detectionOffice: kase.detectionOffice ?? '',
    office: kase.office,
    country: kase.country ?? '',
    procedure: kase.procedure ?? '',
    detectionMethods: kase.detectionMethods.join(';'),
    riskIndicatorCodes: kase.riskIndicatorCodes.join(';'),
    transportMode: kase.transportMode ?? '',
    departureCountry: kase.departureCountry ?? '',
    transitCountries: kase.transitCountries.join(';'),
    destinationCountry: kase.destinationCountry ?? '',
    conveyanceType: kase.conveyance?.type ?? '',
    conveyanceCountry: kase.conveyance?.country ?? '',
    transportDocumentType: kase.conveyance?.transportDocumentType ?? '',
    persons: kase.persons
      .map((p) => list([p.role, p.nationality, p.gender, p.ageBand, p.arrested]))
      .join(';'),
    companies: kase.companies.map((c) => list([c.role, c.country])).join(';'),
    fines: kase.fines.map((f) => list([f.kind, f.amount, f.currency])).join(';'),
    prosecutionStatus: kase.prosecutionStatus ?? '',
    disposal: kase.disposal ?? '',
  };
  const items = kase.items.length > 0 ? kase.items : [undefined];
  return items.map((item, i) => ({
    ...common,
    itemNumber: item ? i + 1 : '',
    commodityCategory: item?.commodityCategory ?? '',
    hsCode: item?.hsCode ?? '',
    quantity: item?.quantity ?? '',
    unit: item?.unit ?? '',
    valueAmount: item?.estimatedValue?.amount ?? '',
    valueCurrency: item?.estimatedValue?.currency ?? '',
    drugType: item?.drugType ?? '',
    brand: item?.brand ?? '',
    species: item?.species ?? '',
    citesAppendix: item?.citesAppendix ?? '',
    sticks: item?.sticks ?? '',
    objectType: item?.objectType ?? '',
    concealmentMethod: item?.concealmentMethod ?? '',
  }));
}

/** Which validated (or closed) cases to export. */
export const exportFilterSchema = z.strictObject({
  /** Detection date range, inclusive (YYYY-MM-DD). */
  detectedFrom: z.iso.date().optional(),
  detectedTo: z.iso.date().optional(),
  /** Owning offices. */
  offices: z.array(z.string().min(1).max(35)).max(50).optional(),
  commodityCategory: code.optional(),
  /** A country anywhere on the route. */
  routeCountry: countryCodeSchema.optional(),
});
export type ExportFilter = z.infer<typeof exportFilterSchema>;

export const caseExportSchema = z.object({
  id: z.string(),
  format: z.enum(EXCHANGE_FORMATS),
  filter: exportFilterSchema,
  status: z.enum(['running', 'complete']),
  /** Keycloak sub of who exported. */
  by: z.string(),
  at: timestamp,
  completedAt: timestamp.optional(),
  /** Ids of the cases served so far, in order. */
  caseIds: z.array(z.string()),
  pages: z.number().int().min(0),
});
export type CaseExport = z.infer<typeof caseExportSchema>;

export const startCaseExport = defineRequest({
  service: 'cases',
  aggregate: 'export',
  verb: 'start',
  description:
    'Records an export of validated and closed cases (who, when, format, filter) and returns its id; then page through it with cases.export.page. Liaison officers and supervisors only.',
  request: z.strictObject({
    format: z.enum(EXCHANGE_FORMATS),
    filter: exportFilterSchema.default({}),
  }),
  reply: caseExportSchema,
});

export const EXPORT_PAGE_MAX = 500;

export const caseExportPage = defineRequest({
  service: 'cases',
  aggregate: 'export',
  verb: 'page',
  description:
    'The next page of an export, in the exchange format, after `cursor` (absent for the first page). The case ids served are added to the export record and announced by cases.export.recorded.v1; `nextCursor` is absent on the last page. Only the one who started the export may page through it.',
  request: z.strictObject({
    exportId: id,
    cursor: z.string().max(64).optional(),
    limit: z.number().int().min(1).max(EXPORT_PAGE_MAX).default(200),
  }),
  reply: z.object({ cases: z.array(exchangeCaseSchema), nextCursor: z.string().optional() }),
});

export const getCaseExport = defineRequest({
  service: 'cases',
  aggregate: 'export',
  verb: 'get',
  description:
    'The record of an export: who, when, format, filter, and the ids of the cases served.',
  request: z.strictObject({ exportId: id }),
  reply: caseExportSchema,
});

export const caseExportRecorded = defineEvent({
  service: 'cases',
  aggregate: 'export',
  verb: 'recorded',
  version: 1,
  description:
    'A page of an export was served: which cases left the system, in which format and for whom (the actor of the envelope). One event per page; `last` marks the end of the export.',
  data: z.object({
    exportId: z.string(),
    format: z.enum(EXCHANGE_FORMATS),
    filter: exportFilterSchema,
    page: z.number().int().min(1),
    caseIds: z.array(z.string()).max(EXPORT_PAGE_MAX),
    last: z.boolean(),
  }),
});

// ---------------------------------------------------------------------------------------------
// Import

/**
 * The columns of an import file, in template order. One row per item; the case columns repeat on
 * every row of a case and must agree. Lists (detection methods, transit countries) are separated by
 * `;`. Header names are matched without regard to case.
 */
export const IMPORT_COLUMNS = [
  'reference',
  'type',
  'detectedAt',
  'detectionOffice',
  'country',
  'placeType',
  'procedure',
  'detectionMethods',
  'transportMode',
  'departureCountry',
  'transitCountries',
  'destinationCountry',
  'narrative',
  'commodityCategory',
  'hsCode',
  'description',
  'quantity',
  'unit',
  'value',
  'currency',
  'concealmentMethod',
  'drugType',
  'sticks',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

/** The most an import file's cell may hold: the longest field, the narrative. */
export const IMPORT_CELL_MAX_LENGTH = NARRATIVE_MAX_LENGTH;
export const IMPORT_BATCH_MAX = 1000;
/** Row problems kept in a job (the count goes on). */
export const IMPORT_PROBLEMS_KEPT = 1000;

export const importProblemSchema = z.object({
  /** The row number in the file (the header is row 1). */
  row: z.number().int().min(1),
  column: z.string(),
  reason: z.string(),
});
export type ImportProblem = z.infer<typeof importProblemSchema>;

export const IMPORT_STATUSES = ['receiving', 'checked', 'importing', 'imported'] as const;

export const caseImportSchema = z.object({
  id: z.string(),
  office: z.string(),
  fileName: z.string(),
  format: z.enum(['csv', 'xlsx']),
  dryRun: z.boolean(),
  status: z.enum(IMPORT_STATUSES),
  by: z.string(),
  at: timestamp,
  finishedAt: timestamp.optional(),
  rows: z.number().int().min(0),
  badRows: z.number().int().min(0),
  /** Cases found (distinct references), and those whose every row is good. */
  cases: z.number().int().min(0),
  validCases: z.number().int().min(0),
  /** Real runs: cases stored now, already stored by an earlier run, and refused at creation. */
  imported: z.number().int().min(0),
  alreadyImported: z.number().int().min(0),
  failed: z.number().int().min(0),
  problemCount: z.number().int().min(0),
  /** Every bad row (up to IMPORT_PROBLEMS_KEPT), in row order: row number, column, reason. */
  problems: z.array(importProblemSchema),
});
export type CaseImport = z.infer<typeof caseImportSchema>;

export const startCaseImport = defineRequest({
  service: 'cases',
  aggregate: 'import',
  verb: 'start',
  description:
    "Opens an import job in the principal's office (officers and supervisors); rows follow with cases.import.rows, then cases.import.finish.",
  request: z.strictObject({
    fileName: z.string().trim().min(1).max(200),
    format: z.enum(['csv', 'xlsx']),
    dryRun: z.boolean(),
  }),
  reply: caseImportSchema,
});

export const addCaseImportRows = defineRequest({
  service: 'cases',
  aggregate: 'import',
  verb: 'rows',
  description:
    'Adds a batch of rows (cells by column name, with their row number) to an import job that is receiving. Each row is checked (reference codes in bulk, once per code per job); bad rows are recorded as problems.',
  request: z.strictObject({
    importId: id,
    rows: z
      .array(
        z.strictObject({
          row: z.number().int().min(1),
          // Only the import's columns: a file with another column is refused at its header.
          cells: z.partialRecord(z.enum(IMPORT_COLUMNS), z.string().max(IMPORT_CELL_MAX_LENGTH)),
        }),
      )
      .min(1)
      .max(IMPORT_BATCH_MAX),
  }),
  reply: caseImportSchema,
});

export const finishCaseImport = defineRequest({
  service: 'cases',
  aggregate: 'import',
  verb: 'finish',
  description:
    'Ends the rows of an import job. A dry run groups the rows into cases, reports every bad row and stores no case (status checked). A real run answers at once (status importing) and imports each case whose rows are all good, as a draft keyed on office + reference (a case already imported counts as alreadyImported); poll cases.import.get until status imported.',
  request: z.strictObject({ importId: id }),
  reply: caseImportSchema,
});

export const getCaseImport = defineRequest({
  service: 'cases',
  aggregate: 'import',
  verb: 'get',
  description: 'An import job with its counts and problems, to follow its progress.',
  request: z.strictObject({ importId: id }),
  reply: caseImportSchema,
});

/**
 * One validated (or closed) case in the exchange format, for another service only (the
 * notifications service's case-exchange webhooks): built as an export builds each case, nominal
 * data left out the same way. Refused with a user's principal. NOT_FOUND for a case that is not
 * exportable (not validated or closed) or is above `restricted`.
 */
export const getCaseExchangeRecord = defineRequest({
  service: 'cases',
  aggregate: 'exchange-record',
  verb: 'get',
  description:
    'The non-nominal exchange record of one validated or closed case (restricted), as the export builds it; for services only (a request carrying a user principal is refused).',
  request: z.strictObject({ caseId: id }),
  reply: exchangeCaseSchema,
});

export const caseExchangeRequestContracts = [
  startCaseExport,
  caseExportPage,
  getCaseExport,
  startCaseImport,
  addCaseImportRows,
  finishCaseImport,
  getCaseImport,
  getCaseExchangeRecord,
] as const;
export const caseExchangeEventContracts = [caseExportRecorded] as const;
