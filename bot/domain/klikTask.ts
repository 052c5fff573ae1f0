import { z } from 'zod';
import { isoDate } from './time.ts';
import { MUNICIPALITY_COUNT, municipalityCodeSchema } from './municipality.ts';
import { TASK_STATUSES, TASK_STATUS_LABELS, TASK_TYPES, TASK_TYPE_LABELS, type TaskStatus } from './labels.ts';
import { labelledEnum, plainText } from './validation.ts';

export { TASK_STATUSES, TASK_STATUS_LABELS, TASK_TYPES, TASK_TYPE_LABELS, type TaskStatus, type TaskType } from './labels.ts';

/** Accepts the id or the Danish/English label ("Obligatorisk på kritisk vej"). */
export const taskTypeSchema = labelledEnum(TASK_TYPES, TASK_TYPE_LABELS);
/** Accepts the id or the Danish/English label ("Fuldført", "Påbegyndt", "Ikke påbegyndt"). */
export const taskStatusSchema = labelledEnum(TASK_STATUSES, TASK_STATUS_LABELS);

const taskFields = {
  solutionId: z.string().trim().min(1, { error: 'skal vælges' }).max(60),
  title: plainText(200),
  description: plainText(4000, { multiline: true, min: 0 }).default(''),
  type: taskTypeSchema,
  startDate: isoDate,
  deadline: isoDate,
  responsibleRole: plainText(100),
  klikUrl: z.url({ protocol: /^https?$/, error: 'skal være en webadresse (https://...)' }).optional(),
};

const deadlineAfterStart = (t: { startDate?: string; deadline?: string }) =>
  !t.startDate || !t.deadline || t.deadline >= t.startDate;
const deadlineMessage = { error: 'fristen må ikke ligge før startdatoen', path: ['deadline'] };

/** A new KLIK task as KOMBIT staff publish it. */
export const newKlikTaskSchema = z.object(taskFields).refine(deadlineAfterStart, deadlineMessage);
export type NewKlikTask = z.output<typeof newKlikTaskSchema>;

/** A change to a task: any subset of the fields. */
export const klikTaskPatchSchema = z
  .object(taskFields)
  .partial()
  .strict()
  .refine(deadlineAfterStart, deadlineMessage);
export type KlikTaskPatch = z.output<typeof klikTaskPatchSchema>;

/** A KLIK task handed by KOMBIT to every municipality. */
export interface KlikTask extends NewKlikTask {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /**
   * True from the moment the task is stored until its card is handed to the delivery engine. It is
   * written with the task in one storage write, so a crash between the two leaves a task that says
   * its card is owed, and the next start sends it.
   */
  readonly cardPending?: boolean;
}

/** One municipality's progress on one task. */
export interface MunicipalityTaskStatus {
  readonly taskId: string;
  readonly municipalityCode: string;
  readonly status: TaskStatus;
  readonly updatedBy?: string;
  readonly updatedAt?: string;
  /** The latest report from Teams ("Vi er i gang" / "Fuldført"), kept beside KLIK's status once that is imported (see klikStatus.ts). */
  readonly reportedStatus?: TaskStatus;
  /** KLIK's status from the latest KLIK status import; when present, `status` is this value. */
  readonly klikStatus?: TaskStatus;
  /** The date of the KLIK export the status was read from (ISO date). */
  readonly klikExportDate?: string;
  /** How the Teams report compares with KLIK's status (see klikStatus.ts). */
  readonly reportCheck?: ReportCheck;
}

/** A Teams report against KLIK: confirmed by KLIK, contradicted by KLIK's export, or made after the latest export. */
export type ReportCheck = 'confirmed' | 'contradicted' | 'awaitingKlik';

/** Counts of Fuldført / Påbegyndt / Ikke påbegyndt across all municipalities. */
export interface TaskProgress {
  readonly done: number;
  readonly started: number;
  readonly notStarted: number;
  readonly total: number;
}

/** Progress over the 98; a municipality without a recorded status counts as not started. */
export function taskProgress(statuses: readonly MunicipalityTaskStatus[]): TaskProgress {
  const done = statuses.filter((s) => s.status === 'done').length;
  const started = statuses.filter((s) => s.status === 'started').length;
  return { done, started, notStarted: MUNICIPALITY_COUNT - done - started, total: MUNICIPALITY_COUNT };
}

/** A status report for one municipality, checked at the boundary. */
export const statusChangeSchema = z.object({
  municipalityCode: municipalityCodeSchema,
  status: taskStatusSchema,
});
