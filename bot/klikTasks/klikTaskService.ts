import { z } from 'zod';
import { createHash, randomUUID } from 'node:crypto';
import { jobKind, type JobSpec, type ServiceDeps } from '../capability.ts';
import { addDays, instantAt } from '../domain/time.ts';
import { formatDate } from '../domain/language.ts';
import { applyPatch, parseOrThrow, parsePatch } from '../domain/validation.ts';
import { MUNICIPALITIES, municipalityCodeSchema } from '../domain/municipality.ts';
import { klikTaskRecipients, knownPeople } from '../roster/rosterAudience.ts';
import { klikTaskPatchSchema, newKlikTaskSchema, taskProgress, TASK_TYPE_LABELS, type KlikTask, type MunicipalityTaskStatus, type TaskProgress, type TaskStatus } from '../domain/klikTask.ts';
import { requireMunicipality, requireStaff, type Principal } from '../auth/principal.ts';
import { AlreadyExists, Conflict, ImportRefused, NotFound, Stale, ValidationError } from '../domain/errors.ts';
import type { ImportHeader } from '../storage/importRepository.ts';
import { readSheet } from '../imports/sheet.ts';
import { ImportError } from '../imports/importError.ts';
import { planKlikTaskImport } from './imports/klikTaskImport.ts';
import { planKlikStatusImport } from './imports/klikStatusImport.ts';
import { sameStatusRow, withKlikStatus, withReport } from '../domain/klikStatus.ts';
import { dateCell } from '../imports/cells.ts';
import type { Sheet } from '../imports/sheet.ts';
import { todayIn } from '../domain/time.ts';

const IMPORT_REFUSED = 'Filen er ikke importeret: ret rækkerne herunder, og prøv igen. Intet er ændret.';

/** True when importing `input` over `task` would change a field of the task. */
function changesTask(task: KlikTask, input: Record<string, unknown>): boolean {
  return Object.entries(input).some(([key, value]) => (task as unknown as Record<string, unknown>)[key] !== value);
}

/** The notification that posts a task's card; its outbox rows are the cards to update. */
export const taskNotificationId = (taskId: string) => `klikTask:${taskId}`;
const reminderJobPrefix = (taskId: string) => `klikReminder:${taskId}:`;

/**
 * The id of a task published with an idempotency key: derived from the caller and the key, so a
 * retried publish names the same row and storage itself refuses the second copy.
 */
export function keyedTaskId(userId: string, idempotencyKey: string): string {
  return `task-${createHash('sha256').update(`${userId}\n${idempotencyKey}`).digest('hex').slice(0, 8)}`;
}

/** What an import did, as the API answers. */
export interface ImportCounts {
  created: number;
  updated: number;
  /** Rows (tasks or statuses) that match what is stored already: nothing written, no card refreshed. */
  unchanged: number;
  statuses: number;
}

/** What a KLIK status import did, as the API answers: rows read, rows that changed, and how the Teams reports compare with KLIK. */
export interface KlikStatusImportCounts {
  statuses: number;
  changed: number;
  unchanged: number;
  /** Of the rows in the file with a Teams report: confirmed by KLIK, contradicted by KLIK (flagged), reported after the export. */
  confirmed: number;
  contradicted: number;
  awaitingKlik: number;
}

/** An import's plan as it is staged: each task's value after the import (and before, for a change), each status. */
interface StagedImport {
  readonly tasks: { readonly before?: KlikTask; readonly after: KlikTask }[];
  readonly statuses: MunicipalityTaskStatus[];
  readonly counts: ImportCounts;
}

/**
 * Steps of an import applied together: their cards handed over in one go (a few storage requests
 * for all of them), then the import's lease extended and its progress recorded, so a restart does
 * at most this many again.
 */
const IMPORT_BATCH = 64;
/** Changed tasks handled at once while an import is applied: faster than one by one, without flooding storage. */
const IMPORT_CHANGE_CONCURRENCY = 8;
const DEFAULT_IMPORT_LEASE_MS = 30_000;

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
    /** `importLeaseMs`: how long an instance owns an import it started; after a crash it is finished when this runs out. */
    private readonly deps: ServiceDeps & { readonly importLeaseMs?: number },
  ) {}

  /** Finishing imports a crashed instance left, and personal deadline reminders: mounted by the KLIK tasks capability. */
  readonly jobs: readonly JobSpec[] = [
    jobKind('importRecovery', z.object({}), async () => {
      await this.recoverImports();
    }),
    jobKind('klikReminder', z.object({ taskId: z.string().min(1), userId: z.string().min(1), deadline: z.string().min(1) }), async ({ taskId, userId, deadline }) => {
      await this.deps.delivery.publish({ id: `klikReminder:${taskId}:${userId}:${deadline}`, kind: 'klikTaskReminder', subjectId: taskId, audience: { kind: 'users', userIds: [userId] }, payload: { taskId } });
    }),
  ];

  private async view(task: KlikTask): Promise<TaskView> {
    const { cardPending: _bookkeeping, ...shown } = task;
    return { ...shown, progress: taskProgress(await this.deps.repos.klikTasks.statuses(task.id)) };
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

  /**
   * Publishes a new task (staff only) and sends its card to every channel and to the solution's
   * followers. The task is stored marked `cardPending` in the same write, so a crash before the
   * card is handed to the delivery engine is finished by the next start ({@link announcePending}).
   * With an idempotency key, a retry of the same publish finds the task stored by the first
   * attempt (`replayed`) and creates nothing new.
   */
  async create(input: unknown, principal: Principal, idempotencyKey?: string): Promise<{ task: TaskView; replayed: boolean }> {
    requireStaff(principal);
    const parsed = parseOrThrow(newKlikTaskSchema, input);
    await this.requireSolution(parsed.solutionId);
    const now = this.deps.clock.now().toISOString();
    const id = idempotencyKey ? keyedTaskId(principal.userId, idempotencyKey) : `task-${randomUUID().slice(0, 8)}`;
    const task: KlikTask = { ...parsed, id, createdAt: now, updatedAt: now, cardPending: true };
    try {
      await this.deps.repos.klikTasks.create(task);
    } catch (error) {
      if (!(error instanceof AlreadyExists) || !idempotencyKey) throw error;
      const stored = (await this.deps.repos.klikTasks.get(id))?.value;
      if (!stored) throw error;
      if (stored.title !== parsed.title || stored.solutionId !== parsed.solutionId) {
        throw new Conflict('IdempotencyKeyReused', 'Idempotency-Key er allerede brugt til en anden KLIK-opgave. Brug en ny nøgle til en ny opgave.');
      }
      // The first attempt may have died before handing over the card; announcing again sends nothing twice.
      if (stored.cardPending) await this.announce(stored);
      return { task: await this.view(stored), replayed: true };
    }
    await this.announce(task);
    return { task: await this.view(task), replayed: false };
  }

  /** Sends the cards of tasks stored by a process that died before handing them over; run at start. */
  async announcePending(): Promise<number> {
    const pending = await this.deps.repos.klikTasks.withCardPending();
    for (let i = 0; i < pending.length; i += IMPORT_BATCH) await this.announceMany(pending.slice(i, i + IMPORT_BATCH));
    if (pending.length) this.deps.log.warn({ tasks: pending.map((t) => t.id) }, 'sent the cards of tasks stored before a crash');
    return pending.length;
  }

  /**
   * Sends the task's card: to every channel and group chat, to the 1:1 chats of the solution's
   * followers, and, by the KLIK roster, of the holders of the task's role and the program leader
   * in each municipality that has not completed it. Publishing is idempotent per task, and a
   * person is one target however many of these they are, so nobody gets the card twice.
   */
  async announce(task: KlikTask): Promise<void> {
    await this.announceMany([task]);
  }

  /**
   * Announces many tasks as {@link announce} does each, with a few storage requests for all of
   * them (an import's hundreds of cards): to the channels, the solution's followers, and the
   * holders of the task's role and the program leader in each municipality that has not completed it.
   */
  private async announceMany(tasks: readonly KlikTask[]): Promise<void> {
    if (!tasks.length) return;
    const [users, people] = await Promise.all([this.deps.repos.users.list(), knownPeople(this.deps.repos)]);
    const followersOf = (solutionId: string) => users.filter((u) => u.followedSolutions.includes(solutionId)).map((u) => u.userId);
    const codes = MUNICIPALITIES.map((m) => m.code);
    const byRole = await Promise.all(tasks.map((task) => klikTaskRecipients(this.deps.repos, task, codes, people)));
    await this.deps.delivery.publishMany(
      tasks.map((task, i) => ({
        id: taskNotificationId(task.id),
        kind: 'klikTask',
        subjectId: task.id,
        audience: { kind: 'channelsAndUsers', userIds: [...new Set([...followersOf(task.solutionId), ...byRole[i]!])] },
      })),
    );
    await this.deps.repos.klikTasks.clearCardPendingMany(tasks.filter((t) => t.cardPending).map((t) => t.id));
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
    // Once KLIK's status is imported it stays what progress counts; the report is kept beside it and compared.
    // Written against the row as read, so a KLIK import landing in between is not overwritten with the row before it.
    for (let attempt = 1; ; attempt++) {
      const existing = await this.deps.repos.klikTasks.status(taskId, municipalityCode);
      const row = withReport(existing?.value, taskId, municipalityCode, status, principal.name ?? principal.userId, this.deps.clock.now().toISOString());
      try {
        await this.deps.repos.klikTasks.setStatus(row, existing?.etag);
        break;
      } catch (error) {
        if (!(error instanceof Stale) || attempt === 5) throw error;
      }
    }
    await this.deps.delivery.refreshCards(taskNotificationId(taskId));
    return this.view(task.value);
  }

  /**
   * Imports a KOMBIT overview sheet (CSV or XLSX) of tasks or of statuses. Every row is validated
   * first; one bad row refuses the whole file and nothing is written. A valid file is applied all
   * or nothing across a crash too: the whole plan (each task's new value, each status) is first
   * written under an import id, and only then applied; a restart finishes a staged import, and
   * rolls back one whose plan was not completely written (nothing of it was applied yet).
   */
  async importSheet(file: { name: string; content: Buffer }, principal: Principal): Promise<ImportCounts> {
    requireStaff(principal);
    const sheet = await this.readImport(file);
    const [tasks, solutions] = await Promise.all([this.deps.repos.klikTasks.list(), this.deps.repos.solutions.list()]);
    const plan = planKlikTaskImport(sheet, { tasks, solutionIds: solutions.map((s) => s.id), solutions });
    if (!plan.ok) throw new ImportRefused(IMPORT_REFUSED, plan.issues);
    if (plan.layout === 'statuses') {
      // A status sheet is KLIK's status: reconciled as the KLIK status import does it, dated the day of the import unless it says otherwise.
      const counts = await this.importKlikStatuses(sheet, tasks, principal, undefined, todayIn(this.deps.clock));
      return { created: 0, updated: 0, unchanged: counts.unchanged, statuses: counts.changed };
    }

    const now = this.deps.clock.now().toISOString();
    const byId = new Map(tasks.map((t) => [t.id, t]));
    const staged: StagedImport = { tasks: [], statuses: [], counts: { created: 0, updated: 0, unchanged: 0, statuses: 0 } };
    for (const item of plan.tasks) {
      const before = item.id ? byId.get(item.id) : undefined;
      if (before && !changesTask(before, item.input)) {
        // The same sheet imported again: nothing to write, no card to refresh, nobody told of a change.
        staged.counts.unchanged++;
      } else if (before) {
        staged.tasks.push({ before, after: { ...before, ...item.input, updatedAt: now } });
        staged.counts.updated++;
      } else {
        staged.tasks.push({ after: { ...item.input, id: item.id ?? `task-${randomUUID().slice(0, 8)}`, createdAt: now, updatedAt: now, cardPending: true } });
        staged.counts.created++;
      }
    }
    await this.stageAndApply(staged);
    return staged.counts;
  }

  private async stageAndApply(staged: StagedImport): Promise<void> {
    if (staged.tasks.length === 0 && staged.statuses.length === 0) return;
    const now = this.deps.clock.now().toISOString();
    const header = { id: `import-${randomUUID()}`, kind: 'klikTasks', createdAt: now, leaseUntil: this.leaseFromNow() };
    const stored = await this.deps.repos.imports.stage(header, staged);
    await this.applyImport(stored.value, staged, stored.etag);
  }

  private async readImport(file: { name: string; content: Buffer }): Promise<Sheet> {
    try {
      return await readSheet(file);
    } catch (error) {
      if (error instanceof ImportError) throw new ImportRefused(error.message, error.issues);
      throw error;
    }
  }

  /**
   * Imports KLIK's own status export (staff only): per task and municipality KLIK's status and the
   * export's date (a column Eksportdato, or `exportDateText` such as "23-11-2026" for the whole
   * file). KLIK's status becomes what progress counts; a Teams report is kept beside it, marked
   * confirmed or contradicted. All rows or none; rows that change nothing are neither written nor
   * refresh a card.
   */
  async importKlikStatusFile(file: { name: string; content: Buffer }, principal: Principal, exportDateText?: string): Promise<KlikStatusImportCounts> {
    requireStaff(principal);
    let exportDate: string | undefined;
    if (exportDateText !== undefined && exportDateText.trim() !== '') {
      const { iso, message } = dateCell(exportDateText.trim());
      if (message) throw new ValidationError([{ field: 'eksportdato', message }]);
      exportDate = iso;
    }
    const sheet = await this.readImport(file);
    return this.importKlikStatuses(sheet, await this.deps.repos.klikTasks.list(), principal, exportDate);
  }

  private async importKlikStatuses(sheet: Sheet, tasks: readonly KlikTask[], principal: Principal, exportDate?: string, fallbackDate?: string): Promise<KlikStatusImportCounts> {
    requireStaff(principal);
    const plan = planKlikStatusImport(sheet, tasks, { exportDate: exportDate ?? fallbackDate, today: todayIn(this.deps.clock) });
    if (!plan.ok) throw new ImportRefused(IMPORT_REFUSED, plan.issues);
    const taskIds = [...new Set(plan.statuses.map((s) => s.taskRef))];
    const current = new Map<string, MunicipalityTaskStatus>();
    for (const taskId of taskIds) for (const row of await this.deps.repos.klikTasks.statuses(taskId)) current.set(`${taskId}\u0000${row.municipalityCode}`, row);

    const counts: KlikStatusImportCounts = { statuses: plan.statuses.length, changed: 0, unchanged: 0, confirmed: 0, contradicted: 0, awaitingKlik: 0 };
    const rows: MunicipalityTaskStatus[] = [];
    const issues = [];
    for (const s of plan.statuses) {
      const existing = current.get(`${s.taskRef}\u0000${s.municipalityCode}`);
      if (existing?.klikExportDate && existing.klikExportDate > s.exportDate) {
        issues.push({ row: s.row, column: 'Eksportdato', message: `status i KLIK pr. ${formatDate(existing.klikExportDate)} er allerede importeret for opgaven og kommunen; en ældre eksport overskriver den ikke` });
        continue;
      }
      const next = withKlikStatus(existing, s.taskRef, s.municipalityCode, s.status, s.exportDate);
      if (next.reportCheck) counts[next.reportCheck]++;
      if (sameStatusRow(existing, next)) counts.unchanged++;
      else {
        rows.push(next);
        counts.changed++;
      }
    }
    if (issues.length > 0) throw new ImportRefused(IMPORT_REFUSED, issues);
    await this.stageAndApply({ tasks: [], statuses: rows, counts: { created: 0, updated: 0, unchanged: counts.unchanged, statuses: rows.length } });
    return counts;
  }

  private leaseFromNow(): string {
    return new Date(this.deps.clock.now().getTime() + (this.deps.importLeaseMs ?? DEFAULT_IMPORT_LEASE_MS)).toISOString();
  }

  /**
   * Applies a staged import. Every step writes values fixed in the plan, so applying it again
   * after a crash gives the same result: tasks and statuses are upserted, a new task's card is
   * announced through `cardPending` (sent once), the "Ændret" notes have ids fixed by the plan.
   * Finishing one after a crash (`resumed`) does only what is left: a card handed over before the
   * crash stays handed over, and the steps before the recorded progress are not done again.
   */
  private async applyImport(header: ImportHeader, plan: StagedImport, etag: string, resumed = false): Promise<void> {
    const { klikTasks, imports } = this.deps.repos;
    // The plan says `cardPending: true` for every new task; writing that again would take back the cards already handed over and hand all of them over again.
    const handedOver = new Set(resumed ? (await klikTasks.list()).filter((t) => t.cardPending === false).map((t) => t.id) : []);
    const tasks = plan.tasks.map((t) => (handedOver.has(t.after.id) ? { ...t, after: { ...t.after, cardPending: false } } : t));
    await klikTasks.upsertMany(tasks.map((t) => t.after));
    const byTask = new Map<string, MunicipalityTaskStatus[]>();
    for (const s of plan.statuses) byTask.set(s.taskId, [...(byTask.get(s.taskId) ?? []), s]);
    for (const [taskId, rows] of byTask) await klikTasks.setStatuses(taskId, rows);
    // From here on everything is in storage; what follows is telling Teams, which a restart would also do.
    const from = header.progress ?? 0;
    // A new task's card keeps its own record (cardPending); the other steps are done when they come before the recorded progress.
    const work: { index: number; card?: KlikTask; run?: () => Promise<void> }[] = [];
    tasks.forEach((t, index) => {
      if (!t.before) {
        if (t.after.cardPending) work.push({ index, card: t.after });
      } else if (index >= from) work.push({ index, run: () => this.afterChange(t.before!, t.after) });
    });
    [...byTask.keys()].forEach((taskId, k) => {
      if (tasks.length + k >= from) work.push({ index: tasks.length + k, run: () => this.deps.delivery.refreshCards(taskNotificationId(taskId)) });
    });
    let owned = etag;
    for (let i = 0; i < work.length; i += IMPORT_BATCH) {
      const batch = work.slice(i, i + IMPORT_BATCH);
      await this.announceMany(batch.flatMap((w) => (w.card ? [w.card] : [])));
      const runs = batch.flatMap((w) => (w.run ? [w.run] : []));
      for (let k = 0; k < runs.length; k += IMPORT_CHANGE_CONCURRENCY) await Promise.all(runs.slice(k, k + IMPORT_CHANGE_CONCURRENCY).map((run) => run()));
      // Keeps ownership of a long import, so no other instance takes it over as abandoned, and records how far it got.
      const next = work[i + IMPORT_BATCH];
      if (next) owned = await imports.extend(header, this.leaseFromNow(), owned, next.index);
    }
    await imports.remove(header);
  }

  /**
   * Finishes the imports a crashed process left: a staged one is applied, one whose plan was not
   * completely written is rolled back. One still owned by a running instance is looked at again
   * when its lease runs out.
   */
  async recoverImports(): Promise<number> {
    const { imports } = this.deps.repos;
    let recovered = 0;
    // Repeatable: this runs inside that very job too, and the look again must not be dropped as "already ran".
    const lookAgain = (header: ImportHeader, at: Date) => this.deps.scheduler.schedule({ id: `importRecovery:${header.id}`, kind: 'importRecovery', dueAt: at, payload: {} }, { repeatable: true });
    for (const { value: header, etag } of await imports.unfinished()) {
      if (Date.parse(header.leaseUntil) > this.deps.clock.now().getTime()) {
        await lookAgain(header, new Date(header.leaseUntil));
        continue;
      }
      let owned: string;
      try {
        owned = await imports.extend(header, this.leaseFromNow(), etag);
      } catch (error) {
        if (!(error instanceof Stale)) throw error;
        // Another instance took it over just now; should it die too, its lease runs out and this looks again.
        await lookAgain(header, new Date(this.leaseFromNow()));
        continue;
      }
      if (header.state === 'staging') {
        await imports.remove(header);
        this.deps.log.warn({ importId: header.id }, 'rolled back an import whose plan was not completely written before a crash');
      } else {
        await this.applyImport(header, await imports.plan<StagedImport>(header.id), owned, true);
        this.deps.log.warn({ importId: header.id }, 'finished an import staged before a crash');
      }
      recovered++;
    }
    return recovered;
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
