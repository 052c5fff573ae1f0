import { statusChangeSchema, TASK_STATUS_LABELS, type TaskStatus } from '../../domain/klikTask.ts';
import type { ImportIssue } from '../../imports/importError.ts';
import type { ColumnMap, ColumnSpec } from '../../imports/columns.ts';
import { cellOf, idFromLabel, orUndefined, resolveMunicipality, RowIssues } from '../../imports/cells.ts';
import { FirstSeen, resolveReference } from '../../imports/references.ts';
import type { Sheet } from '../../imports/sheet.ts';

export type StatusField = 'task' | 'municipality' | 'status';

/** The status sheet's columns: which task, which municipality, how far it is. */
export const STATUS_COLUMNS: readonly ColumnSpec<StatusField>[] = [
  { field: 'task', name: 'Opgave', aliases: ['Opgave-id', 'Opgavetitel', 'KLIK-opgave', 'Task'], required: true },
  { field: 'municipality', name: 'Kommune', aliases: ['Kommunekode', 'Kommunenavn', 'Municipality'], required: true },
  { field: 'status', name: 'Status', aliases: ['Opgavestatus'], required: true },
];

const NAMES = Object.fromEntries(STATUS_COLUMNS.map((c) => [c.field, c.name])) as Record<StatusField, string>;
const FROM_SCHEMA: Record<string, StatusField> = { municipalityCode: 'municipality', status: 'status' };

/** One municipality's status on one task. */
export interface PlannedStatus {
  readonly row: number;
  /** The id of an existing task; a title in the sheet is resolved to the id. */
  readonly taskRef: string;
  readonly municipalityCode: string;
  readonly status: TaskStatus;
}

/** Validates every row of a status sheet; returns the planned statuses and every row's problems. */
export function planStatusRows(
  sheet: Sheet,
  columns: ColumnMap<StatusField>,
  tasks: readonly { id: string; title: string }[],
): { statuses: PlannedStatus[]; issues: ImportIssue[] } {
  const seen = new FirstSeen();
  const statuses: PlannedStatus[] = [];
  const issues: ImportIssue[] = [];

  for (const row of sheet.rows) {
    const cell = (f: StatusField) => cellOf(row, columns, f);
    const problems = new RowIssues(row, columns, NAMES);

    const task = resolveReference(tasks, cell('task'), {
      none: 'der findes ingen opgave med dette id eller denne titel',
      many: 'flere opgaver har denne titel; skriv opgavens id i stedet',
    });
    if ('message' in task) problems.add('task', task.message);

    const municipality = resolveMunicipality(cell('municipality'));
    if ('message' in municipality) problems.add('municipality', municipality.message);

    const parsed = statusChangeSchema.safeParse({
      municipalityCode: 'code' in municipality ? municipality.code : undefined,
      // The domain schema knows "Påbegyndt" and "pabegyndt"; the import also takes "Fuldfort" (ø typed as o).
      status: idFromLabel(TASK_STATUS_LABELS, cell('status')) ?? orUndefined(cell('status')),
    });
    if (!parsed.success) problems.addZod(parsed.error, (f) => FROM_SCHEMA[f]);

    if ('id' in task && parsed.success) {
      const earlier = seen.claim(`${task.id}\u0000${parsed.data.municipalityCode}`, row.rowNumber);
      if (earlier !== undefined) problems.add('municipality', `opgaven og kommunen står allerede i række ${earlier}`);
    }

    const rowIssues = problems.toIssues();
    if (rowIssues.length > 0) issues.push(...rowIssues);
    else if ('id' in task && parsed.success) {
      statuses.push({ row: row.rowNumber, taskRef: task.id, municipalityCode: parsed.data.municipalityCode, status: parsed.data.status });
    }
  }
  return { statuses, issues };
}
