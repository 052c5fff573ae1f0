import { foldText } from '../domain/municipality.ts';
import { ImportError } from './importError.ts';
import { decodeText } from './textDecoding.ts';
import { readCsvRows } from './csvSheet.ts';
import { readXlsxRows } from './xlsxSheet.ts';

import { MAX_DATA_ROWS, MAX_FILE_BYTES, TOO_MANY_ROWS } from './limits.ts';

export { MAX_DATA_ROWS, MAX_FILE_BYTES };

/** One data row; `cells` is keyed by the header text exactly as written in the file. */
export interface SheetRow {
  /** The row number a person sees in Excel; the header row is 1. */
  readonly rowNumber: number;
  readonly cells: Record<string, string>;
}

/** A table read from a CSV or XLSX file: trimmed text cells under the first non-empty row's headers. */
export interface Sheet {
  readonly headers: string[];
  readonly rows: SheetRow[];
  /** Where the headers are, when blank rows come first; 1 when absent. */
  readonly headerRowNumber?: number;
}

/** A row as read from the file, before headers are applied. */
export interface RawRow {
  readonly rowNumber: number;
  readonly values: readonly string[];
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** Rounded up, so a file just over the limit never reads as "5,0 MB". */
function formatMegabytes(bytes: number): string {
  return (Math.ceil((bytes / (1024 * 1024)) * 10) / 10).toFixed(1).replace('.', ',');
}

/**
 * Reads the first worksheet of an XLSX file or a CSV file (`;` or `,`, UTF-8 with or without BOM,
 * or Windows-1252) into text cells. The kind is decided by the bytes, not the name, because
 * browsers and Teams sometimes hand files over with a missing or wrong extension.
 *
 * @throws ImportError with a Danish message when the file is not a readable sheet, is larger than
 *   5 MB, has no header row, has more than 5,000 data rows or repeats a column header.
 */
export async function readSheet(file: { name: string; content: Buffer }): Promise<Sheet> {
  const { content } = file;
  if (content.length > MAX_FILE_BYTES) {
    throw new ImportError(`Filen er for stor (${formatMegabytes(content.length)} MB). Den må højst fylde 5 MB.`);
  }
  if (content.length === 0) throw new ImportError('Filen er tom.');
  if (content.subarray(0, 4).equals(ZIP_MAGIC)) return buildSheet(await readXlsxRows(content));
  if (content.subarray(0, 4).equals(OLE_MAGIC)) {
    throw new ImportError('Filen er i det gamle Excel-format (.xls). Gem den som Excel-projektmappe (.xlsx) eller CSV, og prøv igen.');
  }
  const text = decodeText(content);
  if (text === undefined) {
    throw new ImportError(`Filen "${file.name}" er hverken et Excel-regneark (.xlsx) eller en CSV-fil.`);
  }
  return buildSheet(readCsvRows(text));
}

const isBlank = (values: readonly string[]) => values.every((v) => v === '');

/** Applies the first non-empty row as headers and drops empty rows; shared by CSV and XLSX. */
export function buildSheet(raw: readonly RawRow[]): Sheet {
  const headerIndex = raw.findIndex((r) => !isBlank(r.values));
  const headerRow = raw[headerIndex];
  if (!headerRow) throw new ImportError('Filen har ingen overskriftsrække. Første række skal indeholde kolonnernes navne.');

  // Columns without a header are ignored: people keep notes beside the table.
  const columns: { index: number; header: string }[] = [];
  const seen = new Map<string, string>();
  for (const [index, value] of headerRow.values.entries()) {
    if (!value) continue;
    const key = foldText(value);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      throw new ImportError(`Kolonnen "${value}" står mere end én gang i overskriftsrækken.`, [
        { row: headerRow.rowNumber, column: value, message: 'kolonneoverskriften står mere end én gang' },
      ]);
    }
    seen.set(key, value);
    columns.push({ index, header: value });
  }

  const rows: SheetRow[] = [];
  for (const r of raw.slice(headerIndex + 1)) {
    if (isBlank(r.values)) continue;
    if (rows.length === MAX_DATA_ROWS) {
      throw new ImportError(TOO_MANY_ROWS);
    }
    // A null prototype so a header such as "constructor" cannot collide with Object's own keys.
    const cells: Record<string, string> = Object.create(null);
    for (const c of columns) cells[c.header] = r.values[c.index] ?? '';
    if (columns.some((c) => cells[c.header] !== '')) rows.push({ rowNumber: r.rowNumber, cells });
  }
  return { headers: columns.map((c) => c.header), rows, headerRowNumber: headerRow.rowNumber };
}
