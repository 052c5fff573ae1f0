import ExcelJS from 'exceljs';
import type { CsvCell } from './csv.ts';

/**
 * An Excel workbook of one sheet: the first row as a bold header, numbers as numbers (Excel shows
 * them with the reader's decimal comma), every text as a text cell. A text is never written as a
 * formula, so an answer like `=HYPERLINK(…)` stays the text it was, and Excel runs nothing.
 */
export async function xlsxOf(sheetName: string, rows: readonly (readonly CsvCell[])[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'KOMBIT Programledere';
  // Excel refuses sheet names over 31 characters or with []:*?/\ in them.
  const sheet = workbook.addWorksheet(sheetName.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Ark1');
  for (const row of rows) {
    // exceljs writes a string as a shared string, never as a formula (that takes `{ formula }`).
    sheet.addRow(row.map((cell) => (cell === null || cell === undefined ? null : cell)));
  }
  sheet.getRow(1).font = { bold: true };
  sheet.columns.forEach((column) => {
    column.width = 24;
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
