import type { Repositories } from '../storage/repositories.ts';
import { MUNICIPALITIES } from '../domain/municipality.ts';
import { taskProgress, type TaskProgress, type TaskStatus } from '../domain/klikTask.ts';
import { NotFound } from '../domain/errors.ts';
import { scopeOf } from '../waves/scope.ts';

export interface MunicipalityTaskRow {
  readonly code: string;
  readonly name: string;
  readonly region: string;
  readonly status: TaskStatus;
  readonly updatedAt?: string;
}

/** `GET /api/klik-tasks/{id}/statuses`: every municipality's status on one task, by name. */
export interface TaskStatusList {
  readonly taskId: string;
  readonly progress: TaskProgress;
  /** What the task concerns when not all 98 ("Bølge 2", "Pilotkommuner"); the list holds only those. */
  readonly concerns: string;
  readonly municipalities: readonly MunicipalityTaskRow[];
}

/** The municipalities the task concerns (all 98 by default) with their status on it (no row = Ikke påbegyndt). Who has not started is public in the network. */
export async function taskStatusList(repos: Repositories, taskId: string): Promise<TaskStatusList> {
  const [task, statuses] = await Promise.all([repos.klikTasks.get(taskId), repos.klikTasks.statuses(taskId)]);
  if (!task) throw new NotFound('KLIK-opgaven');
  const byCode = new Map(statuses.map((s) => [s.municipalityCode, s]));
  const scope = await scopeOf(repos, task.value.concerns);
  const inSet = new Set(scope.codes);
  return {
    taskId,
    progress: taskProgress(statuses, scope.codes),
    concerns: scope.all ? '' : scope.label,
    municipalities: MUNICIPALITIES.filter((m) => inSet.has(m.code)).map((m) => {
      const s = byCode.get(m.code);
      return { code: m.code, name: m.name, region: m.region, status: s?.status ?? 'notStarted', ...(s?.updatedAt ? { updatedAt: s.updatedAt } : {}) };
    }).sort((x, y) => x.name.localeCompare(y.name, 'da')),
  };
}
