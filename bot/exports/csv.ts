import { stringify } from 'csv-stringify/sync';

/** One cell of an export: text, a number, or empty. */
export type ExportCell = string | number | null | undefined;

/**
 * The one writer of every CSV the app hands out (evaluation results today; the survey and
 * delivery-report exports are to use it too), so that what people typed can never run in Excel:
 * csv-stringify's `escape_formulas` puts a `'` before a text starting with = + - @, a tab or a
 * carriage return, or their full-width forms (＝HYPERLINK(…) runs in Excel as well), and quotes
 * what holds `;`, quotes or line breaks. Danish Excel's dialect: `;` between cells, CRLF, and a
 * UTF-8 BOM so æ, ø and å are read right. A workbook export (XLSX) is to write what people typed as
 * text cells (exceljs does), never as formulas.
 */
export function excelCsv(rows: readonly (readonly ExportCell[])[]): string {
  return stringify(rows as ExportCell[][], { delimiter: ';', record_delimiter: 'windows', bom: true, escape_formulas: true });
}

