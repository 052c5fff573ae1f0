import { parse } from 'csv-parse/sync';
import { ImportError } from './importError.ts';
import type { RawRow } from './sheet.ts';

const CANDIDATES = [';', ',', '\t'] as const;

/** Counts each candidate delimiter outside quotes in one line. */
function countDelimiters(line: string): Map<string, number> {
  const counts = new Map<string, number>(CANDIDATES.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  return counts;
}

/**
 * Picks the delimiter from the header line: Danish Excel writes `;` (the comma is the decimal
 * separator), other tools write `,`. The header has no decimals, so the most frequent wins.
 */
export function detectDelimiter(headerLine: string): string {
  let best = ',';
  let bestCount = 0;
  for (const [d, n] of countDelimiters(headerLine)) {
    if (n > bestCount) [best, bestCount] = [d, n];
  }
  return best;
}

/**
 * Splits CSV text into rows numbered as Excel would show them: one record per row, blank lines
 * included, so "række 7" in an issue is row 7 when the person opens the file.
 */
export function readCsvRows(text: string): RawRow[] {
  let body = text;
  let delimiter: string | undefined;
  // Excel honours a first line "sep=;" and hides it, so the header is still row 1.
  const sep = /^sep=(.)\r?\n/i.exec(body);
  if (sep) {
    delimiter = sep[1];
    body = body.slice(sep[0].length);
  }
  delimiter ??= detectDelimiter(body.split(/\r?\n/).find((l) => l.trim() !== '') ?? '');

  let records: string[][];
  try {
    records = parse(body, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  } catch (error) {
    const lines = (error as { lines?: number }).lines;
    const where = lines ? ` (omkring linje ${lines})` : '';
    throw new ImportError(`Filen kunne ikke læses som CSV${where}. Tjek at alle anførselstegn er lukket.`);
  }
  return records.map((values, i) => ({ rowNumber: i + 1, values: values.map((v) => v.trim()) }));
}
