import {
  IMPORT_COLUMNS,
  getCaseExport,
  getCaseImport,
  startCaseExport,
  startCaseImport,
} from '@opencen/contracts';
import { contractRoute } from '../http/contract-route';
import { EXPORT_FILE_TYPES, IMPORT_FILE_TYPES } from './exchange-files';
import { exportCases, importCases } from './exchange.handlers';

const EXPORTS = '/api/v1/cases/exports';
const IMPORTS = '/api/v1/cases/imports';

/**
 * The exchange routes. The export and the import stream files (exchange.handlers.ts); their
 * declarations give the policy, the status, the headers and what the documentation says about
 * the files.
 * Liaison officers export every validated case, supervisors their office's (the cases service
 * narrows it); officers and supervisors import into their own office.
 */
export const caseExchangeRoutes = {
  startExport: contractRoute({
    operationId: 'exportCases',
    method: 'POST',
    path: EXPORTS,
    contract: startCaseExport,
    summary: 'Export validated and closed cases, non-nominal, as a JSON, CSV or XLSX file',
    description:
      'Records the export (who, when, format, filter), then streams the file as it pages through ' +
      'the cases with `cases.export.page` (each page recorded, with its `cases.export.recorded.v1` ' +
      'event, before it is written). JSON is an array of exchange cases; CSV and XLSX have one row ' +
      'per item in the columns of docs/case-exchange.md. No names, document numbers, plates, ' +
      'addresses or free text. `Content-Location` is the record of the export. A failure after ' +
      'the first bytes aborts the transfer, so a cut file is never taken for a whole one.',
    input: 'body',
    policy: 'caseExporters',
    status: 200,
    successDescription: 'The file, streamed',
    files: {
      download: {
        contentTypes: Object.values(EXPORT_FILE_TYPES).map((f) => f.contentType),
        headers: {
          'Content-Disposition': 'attachment, with the name to save the file under',
          'Content-Location': 'The record of the export',
        },
      },
    },
    handler: exportCases,
    // The cases it serves are recorded page by page by the cases service (cases.export.recorded.v1).
    audit: {
      action: 'disclosure',
      records: (record) => [{ kind: 'export', id: record.id }],
      criteria: ({ format, filter }) => ({ format, ...filter }),
      purpose: 'required',
    },
  }),
  getExport: contractRoute({
    operationId: 'getCaseExport',
    method: 'GET',
    path: `${EXPORTS}/:exportId`,
    contract: getCaseExport,
    summary: 'The record of an export: who, when, format, filter and the cases it served',
    input: 'query',
    policy: 'caseExporters',
    status: 200,
  }),
  startImport: contractRoute({
    operationId: 'importCases',
    method: 'POST',
    path: IMPORTS,
    contract: startCaseImport,
    summary: 'Import cases from a CSV or XLSX file (multipart, streamed), or check it (dry run)',
    description:
      'multipart/form-data with the text field `dryRun` (true or false) and then one file part ' +
      '`file` (.csv or .xlsx; the first worksheet is read). One row per item; rows are grouped ' +
      `into cases by \`reference\`. Columns (header row, any case): ${IMPORT_COLUMNS.join(', ')}. ` +
      'The file is parsed as it arrives and its rows are sent in batches to the cases service ' +
      '(`cases.import.rows`), then `cases.import.finish`. A dry run answers 200 with every bad ' +
      'row (row number with the header as row 1, column, reason) and stores nothing. A real run ' +
      'answers 202 with the job and its Location; poll it until `status` is `imported`. Cases ' +
      'are keyed on office + reference, so a second run imports nothing twice. An unknown or ' +
      'missing header column, or a file that cannot be read, is 400 naming `file`; a file that ' +
      'is neither CSV nor XLSX is 415.',
    input: 'body',
    policy: 'caseImporters',
    status: 202,
    successDescription: 'A real run: the job, importing in the background; Location is the job',
    otherSuccess: {
      status: 200,
      description: 'A dry run: the report, with every bad row',
      when: (job) => job.dryRun,
    },
    location: (job) => (job.dryRun ? undefined : `${IMPORTS}/${encodeURIComponent(job.id)}`),
    files: {
      upload: {
        fields: {
          dryRun: {
            type: 'string',
            enum: ['true', 'false'],
            description: 'true checks the file and stores nothing',
          },
        },
        required: ['dryRun'],
        fileField: 'file',
        fileTypes: [...IMPORT_FILE_TYPES.csv, ...IMPORT_FILE_TYPES.xlsx],
      },
    },
    handler: importCases,
  }),
  getImport: contractRoute({
    operationId: 'getCaseImport',
    method: 'GET',
    path: `${IMPORTS}/:importId`,
    contract: getCaseImport,
    summary: 'An import job with its progress counts and its bad rows',
    input: 'query',
    policy: 'caseImporters',
    status: 200,
  }),
};
