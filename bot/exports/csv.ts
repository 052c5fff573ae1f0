import { stringify } from 'csv-stringify/sync';

/** One cell of an export: text, a number, or empty. */
export type CsvCell = string | number | null | undefined;

/**
 * A CSV file Danish Excel opens as it is: semicolons (the comma is the decimal separator), a
 * UTF-8 BOM (so æ, ø and å survive), CRLF line ends, and every cell a spreadsheet would run as a
 * formula (starting with = + - @, a tab or a carriage return) written as text. Every CSV the app
 * writes goes through here, so none can forget one of these.
 */
export function danishCsv(rows: readonly (readonly CsvCell[])[]): string {
  return stringify(
    rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : cell))),
    { delimiter: ';', bom: true, record_delimiter: 'windows', escape_formulas: true, cast: { number: (n) => String(n) } },
  );
}
