import { danishDateOf } from './time.ts';
import type { MunicipalityTaskStatus, ReportCheck, TaskStatus } from './klikTask.ts';

/**
 * KLIK is the system of record for a municipality's progress on a task; "Vi er i gang" and
 * "Fuldført" in Teams are what the municipality reports. One row per task and municipality holds
 * both: `status` is what progress counts (KLIK's status once one is imported, until then the
 * Teams report), `reportedStatus` the latest Teams report, `klikStatus`/`klikExportDate` the
 * latest KLIK export, and `reportCheck` how the two compare.
 */

const RANK: Record<TaskStatus, number> = { notStarted: 0, started: 1, done: 2 };

/** The municipality's latest report in Teams, if any; a row written before KLIK imports existed holds it in `status`. */
export function reportOf(row: MunicipalityTaskStatus | undefined): TaskStatus | undefined {
  if (!row) return undefined;
  return row.reportedStatus ?? (row.klikStatus === undefined ? row.status : undefined);
}

/**
 * How a Teams report compares with KLIK's status: KLIK at or past the report confirms it; behind
 * it, the report is contradicted, unless it was made on or after the export's date (KLIK could not
 * know it yet).
 */
export function checkReport(reported: TaskStatus, reportedAt: string | undefined, klik: TaskStatus, exportDate: string): ReportCheck {
  if (RANK[klik] >= RANK[reported]) return 'confirmed';
  if (reportedAt && danishDateOf(reportedAt) >= exportDate) return 'awaitingKlik';
  return 'contradicted';
}

/** The row after a KLIK import says `klik` as of `exportDate`: KLIK's status wins for progress, the Teams report is kept and checked. */
export function withKlikStatus(existing: MunicipalityTaskStatus | undefined, taskId: string, municipalityCode: string, klik: TaskStatus, exportDate: string): MunicipalityTaskStatus {
  const reported = reportOf(existing);
  const { reportCheck: _old, reportedStatus: _report, ...rest } = existing ?? { taskId, municipalityCode, status: klik };
  return {
    ...rest,
    taskId,
    municipalityCode,
    status: klik,
    klikStatus: klik,
    klikExportDate: exportDate,
    ...(reported ? { reportedStatus: reported, reportCheck: checkReport(reported, existing?.updatedAt, klik, exportDate) } : {}),
  };
}

/** The row after a report from Teams: it counts only until KLIK's status is imported, and is then compared with it. */
export function withReport(existing: MunicipalityTaskStatus | undefined, taskId: string, municipalityCode: string, reported: TaskStatus, by: string, at: string): MunicipalityTaskStatus {
  if (existing?.klikStatus === undefined || existing.klikExportDate === undefined) {
    return { taskId, municipalityCode, status: reported, reportedStatus: reported, updatedBy: by, updatedAt: at };
  }
  return { ...existing, reportedStatus: reported, updatedBy: by, updatedAt: at, reportCheck: checkReport(reported, at, existing.klikStatus, existing.klikExportDate) };
}

/** True when writing `next` over `current` would change nothing anybody sees. */
export function sameStatusRow(current: MunicipalityTaskStatus | undefined, next: MunicipalityTaskStatus): boolean {
  if (!current) return false;
  const keys = ['status', 'reportedStatus', 'klikStatus', 'klikExportDate', 'reportCheck', 'updatedBy', 'updatedAt'] as const;
  return keys.every((k) => current[k] === next[k]);
}

/** Where the Teams report and KLIK's status differ: what is shown beside each other, and what a consultant chases. */
export interface StatusDifference {
  readonly reported: TaskStatus;
  readonly reportedBy?: string;
  readonly reportedAt?: string;
  readonly klik: TaskStatus;
  readonly exportDate: string;
  readonly check: ReportCheck;
}

/** The difference between the Teams report and KLIK's status on a row, if they differ. */
export function statusDifference(row: MunicipalityTaskStatus | undefined): StatusDifference | undefined {
  const reported = reportOf(row);
  if (!row || !reported || row.klikStatus === undefined || row.klikExportDate === undefined || reported === row.klikStatus) return undefined;
  return {
    reported,
    ...(row.updatedBy ? { reportedBy: row.updatedBy } : {}),
    ...(row.updatedAt ? { reportedAt: row.updatedAt } : {}),
    klik: row.klikStatus,
    exportDate: row.klikExportDate,
    check: row.reportCheck ?? checkReport(reported, row.updatedAt, row.klikStatus, row.klikExportDate),
  };
}
