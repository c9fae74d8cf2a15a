/**
 * The exchange files, read and written as streams: an export is written page by page and an
 * import is read row by row, so that no file is ever held whole in the gateway.
 */
import { type Readable, type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import {
  EXCHANGE_COLUMNS,
  type ExchangeCase,
  type ExchangeFormat,
  IMPORT_CELL_MAX_LENGTH,
  IMPORT_COLUMNS,
  type ImportColumn,
  exchangeRows,
} from '@opencen/contracts';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';

/** Media types of the export formats, and the extension of the file name. */
export const EXPORT_FILE_TYPES = {
  json: { contentType: 'application/json', extension: 'json' },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
  },
} as const;

export const XLSX_TYPE = EXPORT_FILE_TYPES.xlsx.contentType;

/** The media types an import file may be declared with (besides the extension .csv / .xlsx). */
export const IMPORT_FILE_TYPES = {
  csv: ['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel'],
  xlsx: [XLSX_TYPE],
} as const;

/** Writes the cases of an export into a stream, one page at a time. */
export interface ExportWriter {
  /** Writes a page; resolves when the stream can take more. */
  write(cases: readonly ExchangeCase[]): Promise<void>;
  /** Ends the file (and the stream); resolves once everything is written. */
  end(): Promise<void>;
}

/** The writer of `format` into `out`. */
export function exportWriter(format: ExchangeFormat, out: Writable): ExportWriter {
  switch (format) {
    case 'json':
      return jsonWriter(out);
    case 'csv':
      return csvWriter(out);
    case 'xlsx':
      return xlsxWriter(out);
  }
}

/** A JSON array, written one case at a time. */
function jsonWriter(out: Writable): ExportWriter {
  let first = true;
  return {
    async write(cases) {
      for (const kase of cases) {
        out.write(`${first ? '[\n' : ',\n'}${JSON.stringify(kase)}`);
        first = false;
        await drained(out);
      }
    },
    async end() {
      out.end(first ? '[]\n' : '\n]\n');
      await finished(out);
    },
  };
}

/** One row per item, the header first (also when there is no case). */
function csvWriter(out: Writable): ExportWriter {
  const csv = stringify({ header: true, columns: [...EXCHANGE_COLUMNS] });
  csv.pipe(out);
  return {
    async write(cases) {
      for (const kase of cases) {
        for (const row of exchangeRows(kase)) {
          if (!csv.write(row)) await drained(csv);
        }
      }
    },
    async end() {
      csv.end();
      await finished(out);
    },
  };
}

/** One worksheet, one row per item; each row is committed (written out) as soon as it is added. */
function xlsxWriter(out: Writable): ExportWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet('cases');
  sheet.columns = EXCHANGE_COLUMNS.map((key) => ({ header: key, key }));
  return {
    async write(cases) {
      for (const kase of cases) {
        for (const row of exchangeRows(kase)) sheet.addRow(row).commit();
      }
      await drained(out);
    },
    async end() {
      sheet.commit();
      await workbook.commit();
      await finished(out);
    },
  };
}

/** Resolves when `stream` can take more; rejects when it closes first (the client went away). */
function drained(stream: Writable): Promise<void> {
  if (!stream.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = () => {
      stream.off('close', closed);
      resolve();
    };
    const closed = () => {
      stream.off('drain', done);
      reject(new Error('The stream closed before it drained'));
    };
    stream.once('drain', done);
    stream.once('close', closed);
  });
}

// ---------------------------------------------------------------------------------------------
// Import

/** A row of an import file: its number (the header is row 1) and its non-empty cells by column. */
export interface ImportFileRow {
  row: number;
  cells: Partial<Record<ImportColumn, string>>;
}

/**
 * A file that cannot be imported as it is (unreadable, or a bad header): 400 naming `file`, once
 * per reason (each unknown column, for instance).
 */
export class ImportFileProblem extends Error {
  constructor(
    message: string,
    readonly reasons: readonly string[] = [message],
  ) {
    super(message);
  }
}

/** Columns without which no row could be imported: refused at the header rather than per row. */
const REQUIRED_COLUMNS: readonly ImportColumn[] = [
  'reference',
  'type',
  'commodityCategory',
  'quantity',
  'unit',
];

const COLUMN_BY_NAME = new Map<string, ImportColumn>(
  IMPORT_COLUMNS.map((column) => [column.toLowerCase(), column]),
);

/**
 * The columns of a header row, matched to the import columns without regard to case. Empty
 * header cells name no column; an unknown, repeated or missing required column is refused.
 */
export function headerColumns(names: readonly string[]): (ImportColumn | undefined)[] {
  const problems: string[] = [];
  const seen = new Set<ImportColumn>();
  const columns = names.map((raw) => {
    const name = raw.trim();
    if (name === '') return undefined;
    const column = COLUMN_BY_NAME.get(name.toLowerCase());
    if (!column) problems.push(`Unknown column "${name}"`);
    else if (seen.has(column)) problems.push(`Column "${name}" given twice`);
    else seen.add(column);
    return column;
  });
  const missing = REQUIRED_COLUMNS.filter((column) => !seen.has(column));
  if (missing.length > 0)
    problems.push(`Missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  if (problems.length > 0) {
    // The whole file is refused at its header, before any row is sent: a column the import does
    // not know would otherwise be dropped from every row.
    throw new ImportFileProblem(
      `The header (row 1) is not valid: ${problems.join('; ')}. The columns are ${IMPORT_COLUMNS.join(', ')}`,
      problems,
    );
  }
  return columns;
}

function rowOf(
  row: number,
  columns: readonly (ImportColumn | undefined)[],
  values: readonly string[],
): ImportFileRow {
  const cells: Partial<Record<ImportColumn, string>> = {};
  values.forEach((value, index) => {
    const column = columns[index];
    if (value.trim() === '') return;
    if (!column) {
      throw new ImportFileProblem(
        `Row ${row} has a value in column ${index + 1}, which has no header`,
      );
    }
    if (value.length > IMPORT_CELL_MAX_LENGTH) {
      throw new ImportFileProblem(
        `Row ${row}, column ${column}: longer than ${IMPORT_CELL_MAX_LENGTH} characters`,
      );
    }
    cells[column] = value;
  });
  return { row, cells };
}

/**
 * The rows of an import file as they arrive (header first, then data rows; rows without any value
 * are skipped). Throws {@link ImportFileProblem} when the file cannot be read or its header is bad.
 */
export function importFileRows(
  format: 'csv' | 'xlsx',
  file: Readable,
): AsyncGenerator<ImportFileRow> {
  return format === 'csv' ? csvRows(file) : xlsxRows(file);
}

async function* csvRows(file: Readable): AsyncGenerator<ImportFileRow> {
  const parser = parse({ bom: true, info: true, skip_empty_lines: true });
  file.on('error', (error) => parser.destroy(error));
  file.pipe(parser);
  let columns: (ImportColumn | undefined)[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: { lines: number };
    }>) {
      if (!columns) {
        columns = headerColumns(record);
        continue;
      }
      const row = rowOf(info.lines, columns, record);
      if (Object.keys(row.cells).length > 0) yield row;
    }
  } catch (error) {
    if (error instanceof ImportFileProblem) throw error;
    throw new ImportFileProblem(`The file is not valid CSV: ${(error as Error).message}`);
  } finally {
    file.unpipe(parser);
  }
  if (!columns) throw new ImportFileProblem('The file is empty: it has no header row');
}

async function* xlsxRows(file: Readable): AsyncGenerator<ImportFileRow> {
  // Styles are read so that date cells come as dates rather than as day numbers.
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let columns: (ImportColumn | undefined)[] | undefined;
  let sheets = 0;
  try {
    for await (const sheet of workbook) {
      sheets += 1;
      for await (const row of sheet) {
        if (sheets > 1) continue; // the first worksheet only; the others are read past
        const values = (row.values as unknown[]).slice(1).map(cellText);
        if (!columns) {
          columns = headerColumns(values);
          continue;
        }
        const read = rowOf(row.number, columns, values);
        if (Object.keys(read.cells).length > 0) yield read;
      }
    }
  } catch (error) {
    if (error instanceof ImportFileProblem) throw error;
    throw new ImportFileProblem(
      `The file is not a readable XLSX workbook: ${(error as Error).message}`,
    );
  }
  if (!columns)
    throw new ImportFileProblem('The workbook has no header row in its first worksheet');
}

/** The text of a spreadsheet cell as an import column reads it. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    const cell = value as {
      richText?: { text: string }[];
      result?: unknown;
      text?: unknown;
      error?: unknown;
    };
    if (cell.richText) return cell.richText.map((part) => part.text).join('');
    if ('result' in cell) return cellText(cell.result);
    if ('text' in cell) return cellText(cell.text);
    if ('error' in cell) return String(cell.error);
    return '';
  }
  return String(value);
}
