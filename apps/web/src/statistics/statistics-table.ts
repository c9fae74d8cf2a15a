import { type StatisticsRow } from '@opencen/contracts';

/** One figure's rows as a table: a column per unit and per currency found in them. */
export interface FigureTable {
  units: string[];
  currencies: string[];
  rows: {
    key: string;
    label: string;
    cases: number;
    /** By unit, in the order of `units` (undefined where the key has none). */
    quantities: (number | undefined)[];
    /** By currency, in the order of `currencies`. */
    values: (number | undefined)[];
  }[];
}

/** Lays a dimension's rows out as a table, each key with its label. */
export function figureTable(
  rows: readonly StatisticsRow[],
  label: (key: string) => string,
): FigureTable {
  const units = [...new Set(rows.flatMap((row) => row.quantities.map((q) => q.unit)))].sort();
  const currencies = [...new Set(rows.flatMap((row) => row.values.map((v) => v.currency)))].sort();
  return {
    units,
    currencies,
    rows: rows.map((row) => ({
      key: row.key,
      label: label(row.key),
      cases: row.cases,
      quantities: units.map((unit) => row.quantities.find((q) => q.unit === unit)?.quantity),
      values: currencies.map((currency) => row.values.find((v) => v.currency === currency)?.amount),
    })),
  };
}

/** The column titles of a figure's table, in the user's language. */
export interface ColumnTitles {
  key: string;
  label: string;
  cases: string;
  quantity: (unit: string) => string;
  value: (currency: string) => string;
}

/**
 * A cell of CSV (RFC 4180): quoted when it holds a separator, a quote or a line break. A text that
 * a spreadsheet would run as a formula (=, +, -, @ first) is prefixed with a quote mark, so that a
 * label cannot become a formula on the analyst's machine.
 */
function cell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * The table as CSV: a header row, then a row per key. Numbers are written as a machine reads
 * them (a dot for decimals, no grouping), whatever the language, so the file opens the same
 * everywhere; the headers are in the user's language.
 */
export function figureCsv(table: FigureTable, titles: ColumnTitles): string {
  const header = [
    titles.key,
    titles.label,
    titles.cases,
    ...table.units.map(titles.quantity),
    ...table.currencies.map(titles.value),
  ];
  const lines = [
    header,
    ...table.rows.map((row) => [row.key, row.label, row.cases, ...row.quantities, ...row.values]),
  ];
  return `${lines.map((line) => line.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** A link target that downloads the CSV (UTF-8, with a byte order mark for spreadsheets). */
export const csvHref = (csv: string): string =>
  `data:text/csv;charset=utf-8,${encodeURIComponent(`\uFEFF${csv}`)}`;
