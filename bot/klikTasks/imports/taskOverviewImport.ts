import { foldText } from '../../domain/municipality.ts';
import { newKlikTaskSchema, type NewKlikTask } from '../../domain/klikTask.ts';
import type { ImportIssue } from '../../imports/importError.ts';
import type { ColumnMap, ColumnSpec } from '../../imports/columns.ts';
import { cellOf, dateCell, normaliseTitle, orUndefined, quoted, RowIssues } from '../../imports/cells.ts';
import { FirstSeen } from '../../imports/references.ts';
import type { Sheet } from '../../imports/sheet.ts';

export type TaskField = 'solution' | 'title' | 'description' | 'type' | 'startDate' | 'deadline' | 'role' | 'klikUrl' | 'concerns' | 'id';

/** The task overview's columns: Danish names first, then English and KLIK's own wording. */
export const TASK_COLUMNS: readonly ColumnSpec<TaskField>[] = [
  { field: 'solution', name: 'Løsning', aliases: ['Løsnings-id', 'Projekt', 'Solution', 'Project'], required: true },
  { field: 'title', name: 'Titel', aliases: ['Opgavetitel', 'Title'], required: true },
  { field: 'description', name: 'Beskrivelse', aliases: ['Description'], required: false },
  { field: 'type', name: 'Type', aliases: ['Opgavetype', 'Task type'], required: true },
  { field: 'startDate', name: 'Startdato', aliases: ['Start', 'Start date'], required: true },
  { field: 'deadline', name: 'Frist', aliases: ['Slutdato', 'Deadline', 'End date'], required: true },
  { field: 'role', name: 'Rolle', aliases: ['Ansvarlig rolle', 'Role'], required: true },
  { field: 'klikUrl', name: 'KLIK-link', aliases: ['Link', 'URL', 'KLIK link'], required: false },
  { field: 'concerns', name: 'Kommuner', aliases: ['Bølge', 'Bølger', 'Vedrører', 'Målgruppe', 'Wave', 'Waves', 'Municipalities'], required: false },
  { field: 'id', name: 'Id', aliases: ['Opgave-id', 'Task id'], required: false },
];

const NAMES = Object.fromEntries(TASK_COLUMNS.map((c) => [c.field, c.name])) as Record<TaskField, string>;

/** The schema's field names in the sheet's terms. */
const FROM_SCHEMA: Record<string, TaskField> = {
  solutionId: 'solution',
  title: 'title',
  description: 'description',
  type: 'type',
  startDate: 'startDate',
  deadline: 'deadline',
  responsibleRole: 'role',
  klikUrl: 'klikUrl',
  concerns: 'concerns',
};

/** What the import needs to know about the tasks and solutions already in the app. */
export interface ExistingTasks {
  readonly tasks: readonly { id: string; title: string; solutionId: string }[];
  readonly solutionIds: readonly string[];
  /** Optional names, so "Fælleskommunal infrastruktur" finds "fki"; without them only ids match. */
  readonly solutions?: readonly { id: string; name: string }[];
  /** The rollout waves, so the Kommuner column can name them ("Bølge 2", "B2"). */
  readonly waves?: readonly { id: string; name: string; solutionId: string }[];
}

const ALL = new Set(['alle', 'alle kommuner', 'all']);

/**
 * The optional Kommuner column: empty (all 98, or unchanged for a task already there), "Alle",
 * one or more waves of the task's solution ("Bølge 2; Bølge 3", "B2"), or a named set of
 * municipalities ("Pilotkommuner: Aarhus, Odense"; without a name, "Udvalgte kommuner").
 */
export function concernsCell(text: string, solutionId: string | undefined, waves: ExistingTasks['waves'] = []): { value?: unknown; message?: string } {
  if (!text.trim()) return {};
  if (ALL.has(foldText(text))) return { value: { kind: 'all' } };
  const parts = text.split(/[;,]/).map((p) => p.trim()).filter(Boolean);
  const ofSolution = waves.filter((w) => w.solutionId === solutionId);
  const short = (name: string) => foldText(name).replace(/^boelge (\d+)$/, 'b$1');
  const wave = (part: string) => ofSolution.find((w) => [foldText(w.id), foldText(w.name), short(w.name)].includes(foldText(part)));
  if (parts.every(wave)) return { value: { kind: 'waves', waveIds: parts.map((p) => wave(p)!.id) } };
  const unknownWave = parts.find((p) => !wave(p) && /^(boelge|b)\s*\d+$/.test(foldText(p)));
  if (unknownWave) return { message: `kender ikke denne bølge for opgavens løsning${quoted(unknownWave)}` };
  const named = /^([^:]+):(.*)$/s.exec(text);
  return { value: { kind: 'municipalities', label: named ? named[1]!.trim() : 'Udvalgte kommuner', municipalities: named ? named[2]! : text } };
}

/** A row of the task overview: create when there is no id, else update the task with that id. */
export interface PlannedTask {
  readonly row: number;
  readonly id?: string;
  readonly input: NewKlikTask;
}

function solutionFinder(existing: ExistingTasks): (text: string) => string | undefined {
  const byKey = new Map<string, string>();
  for (const s of existing.solutions ?? []) byKey.set(foldText(s.name), s.id);
  // Ids win over names: set last so a name that folds like another solution's id cannot shadow it.
  for (const id of existing.solutionIds) byKey.set(foldText(id), id);
  return (text) => byKey.get(foldText(text));
}

/** Validates every row of a task overview; returns the planned tasks and every row's problems. */
export function planTaskRows(
  sheet: Sheet,
  columns: ColumnMap<TaskField>,
  existing: ExistingTasks,
): { tasks: PlannedTask[]; issues: ImportIssue[] } {
  const findSolution = solutionFinder(existing);
  const taskIds = new Set(existing.tasks.map((t) => t.id));
  const seen = new FirstSeen();
  const tasks: PlannedTask[] = [];
  const issues: ImportIssue[] = [];

  for (const row of sheet.rows) {
    const cell = (f: TaskField) => cellOf(row, columns, f);
    const problems = new RowIssues(row, columns, NAMES);

    const solutionText = cell('solution');
    const solutionId = solutionText === '' ? undefined : findSolution(solutionText);
    if (solutionText !== '' && !solutionId) problems.add('solution', `kender ikke løsningen${quoted(solutionText)}`);

    const date = (f: 'startDate' | 'deadline') => {
      const { iso, message } = dateCell(cell(f));
      if (message) problems.add(f, message);
      return iso;
    };
    const startDate = date('startDate');
    const deadline = date('deadline');

    const klikUrl = orUndefined(cell('klikUrl'));
    // KLIK only serves https; the domain accepts http for other links, the import is stricter.
    if (klikUrl?.startsWith('http://')) problems.add('klikUrl', `skal være en https-adresse${quoted(klikUrl)}`);

    const concerns = concernsCell(cell('concerns'), solutionId, existing.waves);
    if (concerns.message) problems.add('concerns', concerns.message);

    const parsed = newKlikTaskSchema.safeParse({
      solutionId: solutionId ?? orUndefined(solutionText),
      title: orUndefined(cell('title')),
      description: cell('description'),
      type: orUndefined(cell('type')),
      startDate,
      deadline,
      responsibleRole: orUndefined(cell('role')),
      klikUrl,
      ...(concerns.value ? { concerns: concerns.value } : {}),
    });
    if (!parsed.success) problems.addZod(parsed.error, (f) => FROM_SCHEMA[f.split('.')[0]!]);

    const idText = cell('id');
    let id: string | undefined;
    if (idText !== '') {
      if (taskIds.has(idText)) id = idText;
      else problems.add('id', `der findes ingen opgave med dette id${quoted(idText)}; lad cellen være tom for at oprette en ny opgave`);
    } else if (parsed.success) {
      const title = normaliseTitle(parsed.data.title);
      id = existing.tasks.find((t) => t.solutionId === parsed.data.solutionId && normaliseTitle(t.title) === title)?.id;
    }

    if (parsed.success && !problems.has('id')) {
      const key = id ?? `${parsed.data.solutionId}\u0000${normaliseTitle(parsed.data.title)}`;
      const earlier = seen.claim(key, row.rowNumber);
      if (earlier !== undefined) problems.add(idText !== '' ? 'id' : 'title', `opgaven står allerede i række ${earlier}`);
    }

    const rowIssues = problems.toIssues();
    if (rowIssues.length > 0) issues.push(...rowIssues);
    else if (parsed.success) tasks.push({ row: row.rowNumber, ...(id ? { id } : {}), input: parsed.data });
  }
  return { tasks, issues };
}
