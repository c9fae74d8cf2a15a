import {
  CASE_TYPES,
  IMPORT_CELL_MAX_LENGTH,
  CUSTOMS_PROCEDURES,
  type CaseDraftInput,
  type CaseItem,
  type ImportColumn,
  type ImportProblem,
  type ReferenceList,
  caseDraftSchema,
} from '@opencen/contracts';

/** The case columns of a row: every row of a case must repeat the same values. */
export const CASE_COLUMNS = [
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
] as const satisfies readonly ImportColumn[];
type CaseColumn = (typeof CASE_COLUMNS)[number];

/** A code of a row to check against a reference list, with the column it came from. */
export interface RowCode {
  list: ReferenceList;
  code: string;
  column: ImportColumn;
}

/** A row read: its reference, its case columns as given (trimmed), its item, and what is wrong. */
export interface ParsedRow {
  row: number;
  reference: string;
  caseCells: Partial<Record<CaseColumn, string>>;
  item: CaseItem;
  codes: RowCode[];
  problems: ImportProblem[];
}

const COUNTRY = /^[A-Z]{2}$/;
const HS = /^\d{4}(\d{2}){0,3}$/;

const splitList = (text: string) =>
  text
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);

/**
 * Reads one row of an import file: types and formats of each cell, required columns, and the codes
 * to check against reference data (checked later, in bulk). Never throws: every problem is named
 * with the row and column.
 */
export function parseImportRow(row: number, cells: Readonly<Record<string, string>>): ParsedRow {
  const problems: ImportProblem[] = [];
  const codes: RowCode[] = [];
  const cell = (column: ImportColumn) => (cells[column] ?? '').trim();
  const problem = (column: ImportColumn, reason: string) => problems.push({ row, column, reason });
  const maxLength = (column: ImportColumn, max: number) => {
    const value = cell(column);
    if (value.length > max) problem(column, `longer than ${max} characters`);
  };
  const referenceCode = (column: ImportColumn, list: ReferenceList, value = cell(column)) => {
    if (value === '') return;
    if (value.length > 35) problem(column, 'a code of at most 35 characters');
    else codes.push({ list, code: value, column });
  };
  const country = (column: ImportColumn, value = cell(column)) => {
    if (value === '') return;
    if (!COUNTRY.test(value)) problem(column, `"${value}" is not an ISO 3166-1 alpha-2 code`);
    else codes.push({ list: 'countries', code: value, column });
  };
  const required = (column: ImportColumn) => {
    if (cell(column) === '') {
      problem(column, 'required');
      return false;
    }
    return true;
  };
  const number = (column: ImportColumn, min: number, exclusive: boolean, integer = false) => {
    const text = cell(column);
    if (text === '') return undefined;
    const value = Number(text);
    if (!/^-?\d+(\.\d+)?$/.test(text) || !Number.isFinite(value)) {
      problem(column, `"${text}" is not a number`);
      return undefined;
    }
    if (integer && !Number.isInteger(value)) problem(column, 'a whole number');
    else if (exclusive ? value <= min : value < min)
      problem(column, `must be ${exclusive ? 'more than' : 'at least'} ${min}`);
    else return value;
    return undefined;
  };

  const reference = cell('reference');
  if (required('reference')) maxLength('reference', 60);
  if (required('type') && !(CASE_TYPES as readonly string[]).includes(cell('type')))
    problem('type', `one of ${CASE_TYPES.join(', ')}`);
  const detectedAt = cell('detectedAt');
  if (detectedAt !== '' && toDetectionTime(detectedAt) === undefined)
    problem('detectedAt', 'a date (YYYY-MM-DD) or a date and time with a time zone');
  referenceCode('detectionOffice', 'customs-offices');
  country('country');
  maxLength('placeType', 60);
  const procedure = cell('procedure');
  if (procedure !== '' && !(CUSTOMS_PROCEDURES as readonly string[]).includes(procedure))
    problem('procedure', `one of ${CUSTOMS_PROCEDURES.join(', ')}`);
  splitList(cell('detectionMethods')).forEach((m) =>
    referenceCode('detectionMethods', 'detection-methods', m),
  );
  referenceCode('transportMode', 'transport-modes');
  country('departureCountry');
  splitList(cell('transitCountries')).forEach((c) => country('transitCountries', c));
  country('destinationCountry');
  maxLength('narrative', IMPORT_CELL_MAX_LENGTH);

  if (required('commodityCategory')) referenceCode('commodityCategory', 'commodity-categories');
  const hsCode = cell('hsCode');
  if (hsCode !== '') {
    if (!HS.test(hsCode)) problem('hsCode', `"${hsCode}" is not 4, 6, 8 or 10 digits`);
    else codes.push({ list: 'hs-codes', code: hsCode, column: 'hsCode' });
  }
  maxLength('description', 2000);
  const quantity = required('quantity') ? number('quantity', 0, true) : undefined;
  if (required('unit')) referenceCode('unit', 'units');
  const value = number('value', 0, false);
  const currency = cell('currency');
  if (value !== undefined && currency === '') problem('currency', 'required with a value');
  if (currency !== '') {
    if (!/^[A-Z]{3}$/.test(currency)) problem('currency', `"${currency}" is not an ISO 4217 code`);
    else codes.push({ list: 'currencies', code: currency, column: 'currency' });
  }
  referenceCode('concealmentMethod', 'concealment-methods');
  maxLength('drugType', 100);
  const sticks = number('sticks', 0, false, true);

  const caseCells: Partial<Record<CaseColumn, string>> = {};
  for (const column of CASE_COLUMNS) if (cell(column) !== '') caseCells[column] = cell(column);
  const details = {
    ...(cell('drugType') ? { drugType: cell('drugType') } : {}),
    ...(sticks !== undefined ? { sticks } : {}),
  };
  const item: CaseItem = {
    ...(cell('commodityCategory') ? { commodityCategory: cell('commodityCategory') } : {}),
    ...(hsCode ? { hsCode } : {}),
    ...(cell('description') ? { description: cell('description') } : {}),
    ...(quantity !== undefined ? { quantity } : {}),
    ...(cell('unit') ? { unit: cell('unit') } : {}),
    ...(value !== undefined && currency ? { estimatedValue: { amount: value, currency } } : {}),
    ...(Object.keys(details).length > 0 ? { details: { attributes: [], ...details } } : {}),
    ...(cell('concealmentMethod') ? { concealment: { method: cell('concealmentMethod') } } : {}),
  };
  return { row, reference, caseCells, item, codes, problems };
}

/** A date alone is midnight UTC; a date and time needs its zone. */
export function toDetectionTime(text: string): string | undefined {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const date = new Date(`${text}T00:00:00Z`);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text))
    return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** A row as staged between the batches and the end of the job. */
export interface StagedRow {
  row: number;
  reference: string;
  bad: boolean;
  caseCells: Partial<Record<CaseColumn, string>>;
  item: CaseItem;
}

/**
 * One case from the rows of a reference: the case columns come from its first row, and a later row
 * that gives another value is a problem at that row and column. The draft is then checked against
 * the case contract, a problem being named at the first row.
 */
export function caseFromRows(rows: readonly StagedRow[]): {
  draft?: CaseDraftInput;
  problems: ImportProblem[];
} {
  const [first] = rows;
  if (!first) return { problems: [] };
  const problems: ImportProblem[] = [];
  for (const row of rows.slice(1)) {
    for (const column of CASE_COLUMNS) {
      const value = row.caseCells[column];
      if (value !== undefined && value !== first.caseCells[column]) {
        problems.push({
          row: row.row,
          column,
          reason: `differs from row ${first.row} of case ${first.reference} ("${first.caseCells[column] ?? ''}")`,
        });
      }
    }
  }
  if (problems.length > 0) return { problems };
  // A bad row was reported when it was staged: checking the draft again would report it twice,
  // blamed on the case's first row.
  if (rows.some((row) => row.bad)) return { problems: [] };
  const c = first.caseCells;
  const draft: CaseDraftInput = {
    type: c.type as CaseDraftInput['type'],
    ...(c.detectedAt ? { detectedAt: toDetectionTime(c.detectedAt) } : {}),
    location: {
      ...(c.detectionOffice ? { office: c.detectionOffice } : {}),
      ...(c.country ? { country: c.country } : {}),
      ...(c.placeType ? { placeType: c.placeType } : {}),
    },
    ...(c.procedure ? { procedure: c.procedure as CaseDraftInput['procedure'] } : {}),
    detectionMethods: splitList(c.detectionMethods ?? ''),
    ...(c.transportMode ? { transportMode: c.transportMode } : {}),
    route: {
      ...(c.departureCountry ? { departureCountry: c.departureCountry } : {}),
      transitCountries: splitList(c.transitCountries ?? ''),
      ...(c.destinationCountry ? { destinationCountry: c.destinationCountry } : {}),
    },
    ...(c.narrative ? { narrative: c.narrative } : {}),
    items: rows.map((row) => row.item),
  };
  const checked = caseDraftSchema.safeParse(draft);
  if (!checked.success) {
    return {
      problems: checked.error.issues.map((issue) => ({
        row: first.row,
        column: issue.path.join('.'),
        reason: issue.message,
      })),
    };
  }
  return { draft, problems: [] };
}
