import { randomUUID } from 'node:crypto';
import type { CapabilityDeps } from '../notifications/capabilityDeps.ts';
import { addDays, instantAt } from '../domain/time.ts';
import { formatDate } from '../domain/language.ts';
import { applyPatch, parseOrThrow, parsePatch } from '../domain/validation.ts';
import { municipalityCodeSchema } from '../domain/municipality.ts';
import { klikTaskPatchSchema, newKlikTaskSchema, taskProgress, TASK_TYPE_LABELS, type KlikTask, type MunicipalityTaskStatus, type TaskProgress, type TaskStatus } from '../domain/klikTask.ts';
import { requireMunicipality, requireStaff, type Principal } from '../auth/principal.ts';
import { ImportRefused, NotFound, ValidationError } from '../domain/errors.ts';
import { readSheet } from '../imports/sheet.ts';
import { ImportError } from '../imports/importError.ts';
import { planKlikTaskImport } from '../imports/klikTaskImport.ts';

/** The notification that posts a task's card; its outbox rows are the cards to update. */
export const taskNotificationId = (taskId: string) => `klikTask:${taskId}`;
const reminderJobPrefix = (taskId: string) => `klikReminder:${taskId}:`;

/** A task with its progress over the 98, as the API answers. */
export interface TaskView extends KlikTask {
  readonly progress: TaskProgress;
}

/**
 * KLIK tasks: publishing (KOMBIT staff), status reports (a program leader for their own
 * municipality), and what follows from them in Teams: the card fan-out, in-place card updates,
 * the "Ændret" reply in the thread, and personal reminders.
 */
export class KlikTaskService {
  constructor(
    private readonly deps: CapabilityDeps,
  ) {
    deps.scheduler.register('klikReminder', async (job) => {
      const { taskId, userId, deadline } = job.payload as { taskId: string; userId: string; deadline: string };
      await deps.delivery.publish({ id: `klikReminder:${taskId}:${userId}:${deadline}`, kind: 'klikTaskReminder', subjectId: taskId, audience: { kind: 'users', userIds: [userId] }, payload: { taskId } });
    });
  }

  private async view(task: KlikTask): Promise<TaskView> {
    return { ...task, progress: taskProgress(await this.deps.repos.klikTasks.statuses(task.id)) };
  }

  async list(): Promise<TaskView[]> {
    const tasks = await this.deps.repos.klikTasks.list();
    return Promise.all(tasks.map((t) => this.view(t)));
  }

  async get(id: string): Promise<{ task: TaskView; etag: string }> {
    const found = await this.deps.repos.klikTasks.get(id);
    if (!found) throw new NotFound('KLIK-opgaven');
    return { task: await this.view(found.value), etag: found.etag };
  }

  private async requireSolution(solutionId: string): Promise<void> {
    if (!(await this.deps.repos.solutions.get(solutionId))) {
      throw new ValidationError([{ field: 'solutionId', message: 'er ikke en kendt løsning' }]);
    }
  }

  /** Publishes a new task (staff only) and sends its card to every channel and to the solution's followers. */
  async create(input: unknown, principal: Principal): Promise<TaskView> {
    requireStaff(principal);
    const parsed = parseOrThrow(newKlikTaskSchema, input);
    await this.requireSolution(parsed.solutionId);
    const now = this.deps.clock.now().toISOString();
    const task: KlikTask = { ...parsed, id: `task-${randomUUID().slice(0, 8)}`, createdAt: now, updatedAt: now };
    await this.deps.repos.klikTasks.create(task);
    await this.announce(task);
    return this.view(task);
  }

  /** Sends the task's card: to every channel and group chat, and to the 1:1 chats of the solution's followers. */
  async announce(task: KlikTask): Promise<void> {
    const followers = await this.deps.repos.users.followersOf(task.solutionId);
    await this.deps.delivery.publish({
      id: taskNotificationId(task.id),
      kind: 'klikTask',
      subjectId: task.id,
      audience: { kind: 'channelsAndUsers', userIds: followers.map((f) => f.userId) },
    });
  }

  /**
   * Changes a task (staff only). With `etag`, refused if someone changed it since it was read.
   * A new deadline or type updates the posted cards and says so in their threads.
   */
  async update(id: string, patchInput: unknown, principal: Principal, etag?: string): Promise<TaskView> {
    requireStaff(principal);
    const patch = parsePatch(klikTaskPatchSchema, patchInput);
    const current = await this.deps.repos.klikTasks.get(id);
    if (!current) throw new NotFound('KLIK-opgaven');
    const next: KlikTask = { ...applyPatch(current.value, patch), updatedAt: this.deps.clock.now().toISOString() };
    parseOrThrow(newKlikTaskSchema, next);
    if (patch.solutionId) await this.requireSolution(patch.solutionId);
    await this.deps.repos.klikTasks.replace(next, etag ?? current.etag);
    await this.afterChange(current.value, next);
    return this.view(next);
  }

  /** What a change means in Teams: updated cards, a note in the thread, moved reminders. */
  async afterChange(before: KlikTask, after: KlikTask): Promise<void> {
    const notices: string[] = [];
    if (before.deadline !== after.deadline) notices.push(`ny frist ${formatDate(after.deadline)} (var ${formatDate(before.deadline)})`);
    if (before.type !== after.type) notices.push(`typen er nu ${TASK_TYPE_LABELS[after.type].da} (var ${TASK_TYPE_LABELS[before.type].da})`);
    await this.deps.delivery.refreshCards(taskNotificationId(after.id));
    if (notices.length) {
      await this.deps.delivery.publish({
        id: `${taskNotificationId(after.id)}:change:${after.updatedAt}`,
        kind: 'text',
        subjectId: after.id,
        audience: { kind: 'threadsOf', notificationId: taskNotificationId(after.id) },
        // Named, because in a follower's 1:1 chat the note is not under the task's card.
        payload: { text: `KLIK-opgave: ${after.title}\n\nÆndret: ${notices.join('; ')}.` },
      });
    }
    if (before.deadline !== after.deadline) await this.moveReminders(after);
  }

  /** Records a municipality's status; a program leader may only report for their own municipality. */
  async setStatus(taskId: string, code: string, status: TaskStatus, principal: Principal): Promise<TaskView> {
    // Every caller, staff included: a status for a kommunekode that is not one of the 98 would count as progress.
    const municipalityCode = parseOrThrow(municipalityCodeSchema, code);
    requireMunicipality(principal, municipalityCode);
    const task = await this.deps.repos.klikTasks.get(taskId);
    if (!task) throw new NotFound('KLIK-opgaven');
    const row: MunicipalityTaskStatus = { taskId, municipalityCode, status, updatedBy: principal.name ?? principal.userId, updatedAt: this.deps.clock.now().toISOString() };
    await this.deps.repos.klikTasks.setStatus(row);
    await this.deps.delivery.refreshCards(taskNotificationId(taskId));
    return this.view(task.value);
  }

  /**
   * Imports a KOMBIT overview sheet (CSV or XLSX) of tasks or of statuses. Every row is
   * validated first; one bad row refuses the whole file and nothing is written.
   */
  async importSheet(file: { name: string; content: Buffer }, principal: Principal): Promise<{ created: number; updated: number; statuses: number }> {
    requireStaff(principal);
    let sheet;
    try {
      sheet = await readSheet(file);
    } catch (error) {
      if (error instanceof ImportError) throw new ImportRefused(error.message, error.issues);
      throw error;
    }
    const [tasks, solutions] = await Promise.all([this.deps.repos.klikTasks.list(), this.deps.repos.solutions.list()]);
    const plan = planKlikTaskImport(sheet, { tasks, solutionIds: solutions.map((s) => s.id), solutions });
    if (!plan.ok) throw new ImportRefused('Filen er ikke importeret: ret rækkerne herunder, og prøv igen. Intet er ændret.', plan.issues);

    const now = this.deps.clock.now().toISOString();
    const byId = new Map(tasks.map((t) => [t.id, t]));
    let created = 0;
    let updated = 0;
    for (const item of plan.tasks) {
      const before = item.id ? byId.get(item.id) : undefined;
      if (before) {
        const after: KlikTask = { ...before, ...item.input, updatedAt: now };
        await this.deps.repos.klikTasks.upsert(after);
        await this.afterChange(before, after);
        updated++;
      } else {
        const task: KlikTask = { ...item.input, id: item.id ?? `task-${randomUUID().slice(0, 8)}`, createdAt: now, updatedAt: now };
        await this.deps.repos.klikTasks.create(task);
        await this.announce(task);
        created++;
      }
    }
    const byTask = new Map<string, MunicipalityTaskStatus[]>();
    for (const s of plan.statuses) {
      const rows = byTask.get(s.taskRef) ?? [];
      rows.push({ taskId: s.taskRef, municipalityCode: s.municipalityCode, status: s.status, updatedBy: principal.name ?? principal.userId, updatedAt: now });
      byTask.set(s.taskRef, rows);
    }
    for (const [taskId, rows] of byTask) {
      await this.deps.repos.klikTasks.setStatuses(taskId, rows);
      await this.deps.delivery.refreshCards(taskNotificationId(taskId));
    }
    return { created, updated, statuses: plan.statuses.length };
  }

  /** A 1:1 reminder `days` before the deadline at 09:00 Danish time; asking again moves it. */
  async remindMe(taskId: string, userId: string, days: number): Promise<{ at: Date; task: KlikTask }> {
    const task = (await this.deps.repos.klikTasks.get(taskId))?.value;
    if (!task) throw new NotFound('KLIK-opgaven');
    const at = instantAt(addDays(task.deadline, -days), '09:00');
    await this.deps.scheduler.schedule({ id: `${reminderJobPrefix(taskId)}${userId}`, kind: 'klikReminder', dueAt: at, payload: { taskId, userId, deadline: task.deadline, days } });
    return { at, task };
  }

  private async moveReminders(task: KlikTask): Promise<void> {
    const jobs = await this.deps.scheduler.scheduledWithPrefix(reminderJobPrefix(task.id));
    for (const job of jobs) {
      const days = Number(job.payload.days ?? 3);
      await this.deps.scheduler.schedule({ id: job.id, kind: job.kind, dueAt: instantAt(addDays(task.deadline, -days), '09:00'), payload: { ...job.payload, deadline: task.deadline } });
    }
  }
}
