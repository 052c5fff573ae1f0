import type { Repositories } from '../storage/repositories.ts';
import type { Principal } from '../auth/principal.ts';
import { municipalityByCode, municipalityCodeSchema } from '../domain/municipality.ts';
import { statusDifference, type StatusDifference } from '../domain/klikStatus.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { scopeOf } from '../waves/scope.ts';

/** One task and municipality where the report in Teams and the status in KLIK differ. */
export interface StatusDifferenceRow extends StatusDifference {
  readonly taskId: string;
  readonly title: string;
  readonly solutionId: string;
  readonly klikUrl?: string;
  readonly deadline: string;
  readonly municipalityCode: string;
  readonly municipalityName: string;
}

/** `GET /api/klik-tasks/status/differences`: the differences, those KLIK contradicts first. */
export interface StatusDifferenceList {
  readonly differences: readonly StatusDifferenceRow[];
}

const CHECK_ORDER = { contradicted: 0, awaitingKlik: 1, confirmed: 2 } as const;

/**
 * Where Teams and KLIK differ, so a consultant can chase them: all municipalities for KOMBIT staff
 * (or the one in `municipalityCode`), a program leader's own municipality only for anybody else.
 */
export async function statusDifferences(repos: Repositories, principal: Principal, municipalityCode?: string): Promise<StatusDifferenceList> {
  const wanted = principal.role === 'kombit' ? (municipalityCode ? parseOrThrow(municipalityCodeSchema, municipalityCode) : undefined) : principal.municipalityCode;
  if (principal.role !== 'kombit' && !wanted) return { differences: [] };
  const tasks = await repos.klikTasks.list();
  const perTask = await Promise.all(tasks.map(async (task) => ({ task, rows: await repos.klikTasks.statuses(task.id), scope: new Set((await scopeOf(repos, task.concerns)).codes) })));
  const differences: StatusDifferenceRow[] = [];
  for (const { task, rows, scope } of perTask) {
    for (const row of rows) {
      if (wanted && row.municipalityCode !== wanted) continue;
      // A municipality moved out of the task's wave has nothing left to chase for it.
      if (!scope.has(row.municipalityCode)) continue;
      const difference = statusDifference(row);
      if (!difference) continue;
      differences.push({
        ...difference,
        taskId: task.id,
        title: task.title,
        solutionId: task.solutionId,
        ...(task.klikUrl ? { klikUrl: task.klikUrl } : {}),
        deadline: task.deadline,
        municipalityCode: row.municipalityCode,
        municipalityName: municipalityByCode(row.municipalityCode)?.name ?? row.municipalityCode,
      });
    }
  }
  differences.sort((a, b) => CHECK_ORDER[a.check] - CHECK_ORDER[b.check] || a.deadline.localeCompare(b.deadline) || a.title.localeCompare(b.title, 'da') || a.municipalityName.localeCompare(b.municipalityName, 'da'));
  return { differences };
}
