import ExcelJS from 'exceljs';
import { formatDate, formatNumber } from '../domain/language.ts';
import { danishCsv, type CsvCell } from './csv.ts';

/**
 * One cell of an exported table: text, a whole number, a decimal number shown with a fixed number
 * of decimals, a date (`yyyy-mm-dd`), or empty. CSV writes dates and decimals as Danish Excel reads
 * them (28-11-2026, 4,25); XLSX writes real dates and numbers, so a spreadsheet can sort and sum.
 */
export type ExportCell = string | number | null | undefined | { readonly date: string } | { readonly number: number; readonly decimals: number };

/** A list as a file: a sheet name (XLSX), the header row and the rows. */
export interface ExportTable {
  readonly sheet: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly ExportCell[])[];
}

/** The export formats the API offers. */
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

function csvCell(cell: ExportCell): CsvCell {
  if (cell === null || cell === undefined || typeof cell === 'string') return cell;
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell : formatNumber(cell, 'da', 2);
  if ('date' in cell) return formatDate(cell.date);
  return formatNumber(cell.number, 'da', cell.decimals);
}

/** The table as CSV for Danish Excel (see {@link danishCsv}). */
export function tableCsv(table: ExportTable): string {
  return danishCsv([table.header, ...table.rows.map((row) => row.map(csvCell))]);
}

/**
 * The table as an Excel workbook of one sheet: a bold, frozen header row, dates as dates and
 * numbers as numbers. Text is always written as text, never as a formula, whatever it starts with.
 */
export async function tableXlsx(table: ExportTable): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'KOMBIT Programledere';
  // Excel allows 31 characters and no []:*?/\ in a sheet name.
  const sheet = workbook.addWorksheet(table.sheet.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31) || 'Ark1', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...table.header]).font = { bold: true };
  for (const row of table.rows) {
    const added = sheet.addRow(
      row.map((cell) => {
        if (cell === null || cell === undefined) return null;
        if (typeof cell === 'string' || typeof cell === 'number') return cell;
        if ('date' in cell) return new Date(`${cell.date}T00:00:00Z`);
        return cell.number;
      }),
    );
    row.forEach((cell, i) => {
      if (cell && typeof cell === 'object') added.getCell(i + 1).numFmt = 'date' in cell ? 'dd-mm-yyyy' : `0${cell.decimals > 0 ? `.${'0'.repeat(cell.decimals)}` : ''}`;
    });
  }
  table.header.forEach((title, i) => {
    const longest = Math.max(title.length, ...table.rows.map((r) => String(csvCell(r[i]) ?? '').length));
    sheet.getColumn(i + 1).width = Math.min(60, Math.max(10, longest + 2));
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
