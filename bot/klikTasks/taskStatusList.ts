import type { Repositories } from '../storage/repositories.ts';
import { MUNICIPALITIES } from '../domain/municipality.ts';
import { taskProgress, type TaskProgress, type TaskStatus } from '../domain/klikTask.ts';
import { NotFound } from '../domain/errors.ts';

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
  readonly municipalities: readonly MunicipalityTaskRow[];
}

/** The 98 with their status on the task (no row = Ikke påbegyndt). Who has not started is public in the network. */
export async function taskStatusList(repos: Repositories, taskId: string): Promise<TaskStatusList> {
  const [task, statuses] = await Promise.all([repos.klikTasks.get(taskId), repos.klikTasks.statuses(taskId)]);
  if (!task) throw new NotFound('KLIK-opgaven');
  const byCode = new Map(statuses.map((s) => [s.municipalityCode, s]));
  return {
    taskId,
    progress: taskProgress(statuses),
    municipalities: MUNICIPALITIES.map((m) => {
      const s = byCode.get(m.code);
      return { code: m.code, name: m.name, region: m.region, status: s?.status ?? 'notStarted', ...(s?.updatedAt ? { updatedAt: s.updatedAt } : {}) };
    }).sort((x, y) => x.name.localeCompare(y.name, 'da')),
  };
}
