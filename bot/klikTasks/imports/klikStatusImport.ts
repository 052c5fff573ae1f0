import type { ImportIssue } from '../../imports/importError.ts';
import { resolveColumns, sheetLevelIssues, sortIssues, type ColumnSpec } from '../../imports/columns.ts';
import { cellOf, dateCell } from '../../imports/cells.ts';
import type { Sheet } from '../../imports/sheet.ts';
import { formatDate } from '../../domain/language.ts';
import { planStatusRows, STATUS_COLUMNS, type PlannedStatus, type StatusField } from './taskStatusImport.ts';

type KlikStatusField = StatusField | 'exportDate';

/** A KLIK status export: the status sheet's columns, and the date of the export (one column or one date for the file). */
export const KLIK_STATUS_COLUMNS: readonly ColumnSpec<KlikStatusField>[] = [
  ...STATUS_COLUMNS,
  { field: 'exportDate', name: 'Eksportdato', aliases: ['Udtræksdato', 'Udtrukket', 'Pr. dato', 'Export date'], required: false },
];

/** One row of KLIK's export: a task, a municipality, KLIK's status and the date KLIK said so. */
export interface PlannedKlikStatus extends PlannedStatus {
  readonly exportDate: string;
}

export type KlikStatusImportPlan = { ok: true; statuses: PlannedKlikStatus[] } | { ok: false; issues: ImportIssue[] };

/**
 * Checks a KLIK status export (Opgave, Kommune, Status, and Eksportdato in the sheet or
 * `exportDate` for the whole file). Every row is validated before anything is planned; an export
 * dated after `today` (Danish date) is refused, as KLIK cannot have said it yet.
 */
export function planKlikStatusImport(
  sheet: Sheet,
  tasks: readonly { id: string; title: string }[],
  options: { readonly exportDate?: string; readonly today: string },
): KlikStatusImportPlan {
  const { columns, issues: headerIssues } = resolveColumns(sheet, KLIK_STATUS_COLUMNS);
  const stop = sheetLevelIssues(sheet, headerIssues);
  if (stop) return { ok: false, issues: stop };
  if (!columns.exportDate && !options.exportDate) {
    return {
      ok: false,
      issues: [{ row: sheet.headerRowNumber ?? 1, column: 'Eksportdato', message: 'kolonnen mangler: skriv datoen for udtrækket fra KLIK i kolonnen Eksportdato, eller send den med som ?eksportdato=23-11-2026' }],
    };
  }
  const { statuses, issues } = planStatusRows(sheet, columns, tasks);
  const exportColumn = columns.exportDate ?? 'Eksportdato';
  const dates = new Map<number, string>();
  for (const row of sheet.rows) {
    const text = cellOf(row, columns, 'exportDate');
    const { iso, message } = text === '' ? { iso: options.exportDate, message: options.exportDate ? undefined : 'skal udfyldes med datoen for udtrækket fra KLIK' } : dateCell(text);
    if (message) issues.push({ row: row.rowNumber, column: exportColumn, message });
    else if (iso && iso > options.today) issues.push({ row: row.rowNumber, column: exportColumn, message: `ligger efter i dag (${formatDate(iso)}); brug datoen for udtrækket fra KLIK` });
    else if (iso) dates.set(row.rowNumber, iso);
  }
  if (issues.length > 0) return { ok: false, issues: sortIssues(issues, sheet.headers) };
  return { ok: true, statuses: statuses.map((s) => ({ ...s, exportDate: dates.get(s.row)! })) };
}
