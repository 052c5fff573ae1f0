import type ExcelJS from 'exceljs';
import { ImportError } from './importError.ts';
import { MAX_DATA_ROWS, TOO_MANY_ROWS } from './limits.ts';
import { checkWorkbook } from './zipGuard.ts';
import type { RawRow } from './sheet.ts';

/** `yyyy-mm-dd` for a date cell. Excel dates have no zone; exceljs returns them as UTC midnight. */
function isoDateOf(date: Date): string {
  // Round to the nearest minute: a serial like 45258.9999999 is meant as the next day's midnight.
  const rounded = new Date(Math.round(date.getTime() / 60_000) * 60_000);
  return rounded.toISOString().slice(0, 10);
}

/** 0.1 + 0.2 is stored as 0.30000000000000004; Excel itself shows 15 significant digits. */
function numberText(n: number): string {
  return Number.isFinite(n) ? String(Number(n.toPrecision(15))) : String(n);
}

/** Flattens any exceljs cell value (rich text, hyperlink, formula result, error) to text. */
export function cellText(value: ExcelJS.CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return numberText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return isoDateOf(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('').trim();
  if ('hyperlink' in value) return cellText(value.text as ExcelJS.CellValue);
  if ('formula' in value || 'sharedFormula' in value) return cellText(value.result as ExcelJS.CellValue);
  if ('error' in value) return value.error;
  return '';
}

/** Reads the first worksheet's rows, keeping Excel's own row numbers. */
export async function readXlsxRows(content: Buffer): Promise<RawRow[]> {
  // Loaded on first use: exceljs is large and most starts of the app never read a workbook.
  checkWorkbook(content);
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    // exceljs's typing predates Node's generic Buffer; the bytes are what it wants.
    await workbook.xlsx.load(content as unknown as ExcelJS.Buffer);
  } catch {
    throw new ImportError('Filen kunne ikke læses som et Excel-regneark (.xlsx). Den er måske beskadiget, eller den er en anden slags fil.');
  }
  const sheet = workbook.worksheets[0];
  // A Word or PowerPoint file is a zip too; exceljs then reads it as a workbook without sheets.
  if (!sheet) throw new ImportError('Filen er ikke et Excel-regneark. Brug en .xlsx- eller CSV-fil.');
  // Checked before converting cells so a huge sheet is refused quickly; +1 for the header row.
  if (sheet.actualRowCount > MAX_DATA_ROWS + 1) {
    throw new ImportError(TOO_MANY_ROWS);
  }
  const rows: RawRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values: string[] = [];
    row.eachCell({ includeEmpty: false }, (cell, col) => {
      values[col - 1] = cellText(cell.value);
    });
    rows.push({ rowNumber, values: Array.from(values, (v) => v ?? '') });
  });
  return rows;
}
