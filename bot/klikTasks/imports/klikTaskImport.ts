import type { ImportIssue } from '../../imports/importError.ts';
import { requiredMatches, resolveColumns, sheetLevelIssues, sortIssues, type ColumnSpec } from '../../imports/columns.ts';
import type { Sheet } from '../../imports/sheet.ts';
import { planTaskRows, TASK_COLUMNS, type ExistingTasks, type PlannedTask } from './taskOverviewImport.ts';
import { planStatusRows, STATUS_COLUMNS, type PlannedStatus } from './taskStatusImport.ts';

export type { ExistingTasks, PlannedTask, PlannedStatus };
export { TASK_COLUMNS, STATUS_COLUMNS };

/**
 * What importing a KLIK sheet would do, or why it cannot. Nothing is applied unless every row is
 * valid: a half-imported overview is worse than none, because no one knows which half.
 */
export type KlikTaskImportPlan =
  | { ok: true; layout: 'tasks' | 'statuses'; tasks: PlannedTask[]; statuses: PlannedStatus[] }
  | { ok: false; issues: ImportIssue[] };

const required = (specs: readonly ColumnSpec<string>[]) =>
  specs.filter((s) => s.required).map((s) => s.name).join(', ');

/**
 * Checks a task overview (Løsning, Titel, Beskrivelse, Type, Startdato, Frist, Rolle, KLIK-link,
 * Id) or a status sheet (Opgave, Kommune, Status), told apart by their headers. Every row is
 * validated before anything is planned, and every problem is returned with its row and column.
 */
export function planKlikTaskImport(sheet: Sheet, existing: ExistingTasks): KlikTaskImportPlan {
  const taskScore = requiredMatches(sheet, TASK_COLUMNS) / TASK_COLUMNS.filter((c) => c.required).length;
  const statusScore = requiredMatches(sheet, STATUS_COLUMNS) / STATUS_COLUMNS.filter((c) => c.required).length;
  if (taskScore === 0 && statusScore === 0) {
    return {
      ok: false,
      issues: [{
        row: sheet.headerRowNumber ?? 1,
        column: '',
        message: `arket er hverken en opgaveoversigt (kolonnerne ${required(TASK_COLUMNS)}) eller en statusoversigt (kolonnerne ${required(STATUS_COLUMNS)})`,
      }],
    };
  }

  if (statusScore > taskScore) {
    const { columns, issues: headerIssues } = resolveColumns(sheet, STATUS_COLUMNS);
    const stop = sheetLevelIssues(sheet, headerIssues);
    if (stop) return { ok: false, issues: stop };
    const { statuses, issues } = planStatusRows(sheet, columns, existing.tasks);
    return issues.length > 0 ? { ok: false, issues: sortIssues(issues, sheet.headers) } : { ok: true, layout: 'statuses', tasks: [], statuses };
  }

  const { columns, issues: headerIssues } = resolveColumns(sheet, TASK_COLUMNS);
  const stop = sheetLevelIssues(sheet, headerIssues);
  if (stop) return { ok: false, issues: stop };
  const { tasks, issues } = planTaskRows(sheet, columns, existing);
  return issues.length > 0 ? { ok: false, issues: sortIssues(issues, sheet.headers) } : { ok: true, layout: 'tasks', tasks, statuses: [] };
}
