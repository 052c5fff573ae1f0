import type { Principal } from '../auth/principal.ts';
import type { Repositories } from '../storage/repositories.ts';
import { MUNICIPALITIES } from '../domain/municipality.ts';
import { taskProgress, type TaskProgress, type TaskStatus } from '../domain/klikTask.ts';
import { signatureProgress, type SignatureProgress, type SignatureState } from '../domain/agreement.ts';
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

const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name, 'da');

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
    }).sort(byName),
  };
}

export interface MunicipalityName {
  readonly code: string;
  readonly name: string;
  readonly region: string;
}

/** `GET /api/agreements/{id}/signatures`: the progress, and who is missing only where that may be shown. */
export interface SignatureList {
  readonly agreementId: string;
  readonly progress: SignatureProgress;
  readonly showMissingList: boolean;
  /** Present when the agreement allows the list (showMissingList) or the caller is KOMBIT staff. */
  readonly missing?: readonly MunicipalityName[];
  /** Every municipality's state: KOMBIT staff only. */
  readonly states?: readonly (MunicipalityName & { state: SignatureState; selfReported: boolean })[];
}

export async function signatureList(repos: Repositories, agreementId: string, principal: Principal): Promise<SignatureList> {
  const [agreement, signatures] = await Promise.all([repos.agreements.get(agreementId), repos.agreements.signatures(agreementId)]);
  if (!agreement) throw new NotFound('Aftalen');
  const staff = principal.role === 'kombit';
  const showMissingList = agreement.value.showMissingList;
  const byCode = new Map(signatures.map((s) => [s.municipalityCode, s]));
  const rows = MUNICIPALITIES.map((m) => {
    const s = byCode.get(m.code);
    return { code: m.code, name: m.name, region: m.region, state: s?.state ?? ('missing' as SignatureState), selfReported: s?.selfReported ?? false };
  }).sort(byName);
  return {
    agreementId,
    progress: signatureProgress(signatures),
    showMissingList,
    ...(showMissingList || staff ? { missing: rows.filter((r) => r.state === 'missing').map(({ code, name, region }) => ({ code, name, region })) } : {}),
    ...(staff ? { states: rows } : {}),
  };
}
