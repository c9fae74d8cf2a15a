import { type Readable } from 'node:stream';
import { UnsupportedMediaTypeException } from '@nestjs/common';
import {
  type CaseImport,
  type ErrorDetail,
  EXPORT_PAGE_MAX,
  type RequestOf,
  addCaseImportRows,
  caseExportPage,
  finishCaseImport,
  startCaseExport,
  startCaseImport,
} from '@opencen/contracts';
import { type RequestContext, ServiceError } from '@opencen/nest-kit';
import busboy from 'busboy';
import {
  type RouteExchange,
  type RouteHandler,
  answer,
  readContractRequest,
  statusOf,
} from '../http/contract-route';
import {
  fileSentTwice,
  tooManyParts,
  unknownPart,
  unknownPartsProblem,
} from '../http/chunked-upload';
import { type GatewayRequest } from '../http/gateway-request';
import {
  EXPORT_FILE_TYPES,
  IMPORT_FILE_TYPES,
  type ImportFileRow,
  ImportFileProblem,
  exportWriter,
  importFileRows,
} from './exchange-files';

type Client = RouteExchange['client'];

/**
 * Rows per `cases.import.rows` request, and the cell characters that close a batch earlier: each
 * batch is checked and staged within one request, which must answer inside the NATS timeout.
 */
export const IMPORT_BATCH_ROWS = 200;
const IMPORT_BATCH_CHARS = 256 * 1024; // well under NATS's default 1 MiB payload

/**
 * The international export of cases, as a file. The first page is asked for before anything is
 * written, so that a refusal is a problem; then each page is written into the response before the
 * next is asked for, so no file is held whole.
 */
export const exportCases: RouteHandler = async ({
  route,
  req,
  res,
  caller,
  client,
  logger,
  access,
}) => {
  const context = { context: caller };
  const request = readContractRequest(route, req) as RequestOf<typeof startCaseExport>;
  const record = await client.send(startCaseExport, request, context);
  let page = await client.send(
    caseExportPage,
    { exportId: record.id, limit: EXPORT_PAGE_MAX },
    context,
  );
  const type = EXPORT_FILE_TYPES[record.format];
  // The disclosure is in the audit trail before the first byte leaves.
  await access.recorded(request, record, statusOf(route, record));
  answer(route, res, record, request);
  res.setHeader('Content-Type', type.contentType);
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="cases-export-${record.id}.${type.extension}"`,
  );
  res.setHeader('Content-Location', `/api/v1/cases/exports/${encodeURIComponent(record.id)}`);
  const writer = exportWriter(record.format, res);
  try {
    for (;;) {
      await writer.write(page.cases);
      if (page.nextCursor === undefined) break;
      page = await client.send(
        caseExportPage,
        { exportId: record.id, cursor: page.nextCursor, limit: EXPORT_PAGE_MAX },
        context,
      );
    }
    await writer.end();
  } catch (error) {
    // The status is sent already: cut the transfer so that no client takes a part for the whole.
    logger.warn(
      {
        exportId: record.id,
        correlationId: caller.correlationId,
        reason: (error as Error).message,
      },
      'Export stopped after it began',
    );
    res.destroy();
  }
};

/**
 * The bulk import of cases from an uploaded file: the multipart body is parsed as it arrives and
 * its rows are sent in batches, the upload paused while a batch is in flight. A dry run answers
 * 200 with the report, a real run 202 with the job and its Location (as the route declares).
 */
export const importCases: RouteHandler = async ({ route, req, res, caller, client }) => {
  if (!/^multipart\/form-data\b/i.test(req.headers['content-type'] ?? '')) {
    throw new UnsupportedMediaTypeException(
      'The body must be multipart/form-data: the field dryRun, then the CSV or XLSX file in a part named file',
    );
  }
  try {
    const job = await receiveImport(req, client, caller);
    answer(route, res, job);
    return job;
  } catch (error) {
    // Whatever the client still sends is read and dropped, so that it gets the answer.
    req.unpipe();
    req.resume();
    throw error;
  }
};

/**
 * Reads the multipart body: `dryRun`, then the file, which is imported as it arrives. Any other
 * part is refused with a 400 naming it: before the job opens when it comes before the file, else
 * the job is not finished (a dry run reports nothing, a real run imports nothing).
 */
function receiveImport(req: GatewayRequest, client: Client, caller: RequestContext) {
  return new Promise<CaseImport>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 10, parts: 12 } });
    } catch (error) {
      reject(multipartProblem((error as Error).message));
      return;
    }
    let dryRun: string | undefined;
    let run: Promise<CaseImport> | undefined;
    const unknown: ErrorDetail[] = [];
    // The job is finished only once every part is read and known.
    let partsChecked!: { resolve(): void; reject(error: unknown): void };
    const allPartsKnown = new Promise<void>((resolvePromise, rejectPromise) => {
      partsChecked = { resolve: resolvePromise, reject: rejectPromise };
    });
    allPartsKnown.catch(() => undefined);
    parser.on('field', (name, value) => {
      if (name === 'dryRun') dryRun = value;
      else unknown.push(unknownPart(name));
    });
    parser.on('file', (name, file, info) => {
      if (name !== 'file' || run) {
        unknown.push(name === 'file' ? fileSentTwice() : unknownPart(name));
        file.resume();
        return;
      }
      if (unknown.length > 0) {
        file.resume();
        run = Promise.reject(unknownPartsProblem(unknown));
      } else {
        run = importFile(
          client,
          dryRun,
          info.filename,
          info.mimeType,
          file,
          caller,
          allPartsKnown,
        ).catch((error: unknown) => {
          file.resume();
          throw error;
        });
      }
      run.then(resolve, reject);
    });
    parser.on('filesLimit', () => unknown.push(fileSentTwice()));
    parser.on('fieldsLimit', () => unknown.push(tooManyParts()));
    parser.on('partsLimit', () => unknown.push(tooManyParts()));
    parser.on('error', (error: Error) => {
      partsChecked.reject(multipartProblem(error.message));
      reject(multipartProblem(error.message));
    });
    parser.on('close', () => {
      if (unknown.length > 0) {
        partsChecked.reject(unknownPartsProblem(unknown));
        if (!run) reject(unknownPartsProblem(unknown));
        return;
      }
      partsChecked.resolve();
      if (run) return;
      reject(
        ServiceError.validation('No file was sent', [
          fileMissing(),
          ...(dryRun === undefined ? [dryRunMissing()] : []),
        ]),
      );
    });
    req.pipe(parser);
  });
}

/** start → rows × n → finish. */
async function importFile(
  client: Client,
  dryRunText: string | undefined,
  fileName: string | undefined,
  declaredType: string,
  file: Readable,
  caller: RequestContext,
  allPartsKnown: Promise<void>,
): Promise<CaseImport> {
  const dryRun = dryRunOf(dryRunText);
  const format = importFormatOf(fileName, declaredType);
  const context = { context: caller };
  const rows = importFileRows(format, file);
  let job: CaseImport | undefined;
  let batch: ImportFileRow[] = [];
  let batchChars = 0;
  const send = async () => {
    await client.send(addCaseImportRows, { importId: job!.id, rows: batch }, context);
    batch = [];
    batchChars = 0;
  };
  try {
    for await (const row of rows) {
      // The job opens with the first row, so that a file refused at its header leaves none.
      job ??= await client.send(
        startCaseImport,
        { fileName: fileNameOf(fileName, format), format, dryRun },
        context,
      );
      batch.push(row);
      batchChars += Object.values(row.cells).reduce((sum, cell) => sum + cell.length + 24, 16);
      if (batch.length >= IMPORT_BATCH_ROWS || batchChars >= IMPORT_BATCH_CHARS) await send();
    }
  } catch (error) {
    if (error instanceof ImportFileProblem) {
      throw ServiceError.validation(
        error.message,
        error.reasons.map((reason) => ({ path: 'file', reason })),
      );
    }
    throw error;
  }
  if (!job) {
    throw ServiceError.validation('The file has no data row', [
      { path: 'file', reason: 'The file has a header but no data row' },
    ]);
  }
  if (batch.length > 0) await send();
  await allPartsKnown;
  return client.send(finishCaseImport, { importId: job.id }, context);
}

function dryRunOf(text: string | undefined): boolean {
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === undefined) throw ServiceError.validation('dryRun is missing', [dryRunMissing()]);
  throw ServiceError.validation('dryRun is not valid', [
    { path: 'dryRun', reason: 'Expected true or false', code: 'invalid_value' },
  ]);
}

/** csv or xlsx, from the file name's extension, else from the declared media type. */
function importFormatOf(fileName: string | undefined, declaredType: string): 'csv' | 'xlsx' {
  const extension = /\.([A-Za-z0-9]+)$/.exec(fileName ?? '')?.[1]?.toLowerCase();
  if (extension === 'csv' || extension === 'xlsx') return extension;
  const type = declaredType.toLowerCase();
  if (extension === undefined) {
    if ((IMPORT_FILE_TYPES.xlsx as readonly string[]).includes(type)) return 'xlsx';
    if ((IMPORT_FILE_TYPES.csv as readonly string[]).includes(type)) return 'csv';
  }
  throw new UnsupportedMediaTypeException(
    `The part file must be a CSV (.csv) or XLSX (.xlsx) file; got ${fileName ? `"${fileName}"` : 'no file name'} (${declaredType || 'no type'})`,
  );
}

function fileNameOf(fileName: string | undefined, format: 'csv' | 'xlsx'): string {
  const name = (fileName ?? '').trim().slice(-200);
  return name === '' ? `upload.${format}` : name;
}

function multipartProblem(reason: string): ServiceError {
  return ServiceError.validation('The multipart body is not valid', [{ path: '', reason }]);
}

function fileMissing() {
  return {
    path: 'file',
    reason: 'Send the CSV or XLSX file in a part named file',
    code: 'required',
  };
}

function dryRunMissing() {
  return {
    path: 'dryRun',
    reason: 'Send dryRun (true or false) before the file part',
    code: 'required',
  };
}
