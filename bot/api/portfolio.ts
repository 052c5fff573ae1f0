import { gzipSync } from 'node:zlib';
import { concernedSet, type Concerns, type Wave } from '../domain/wave.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { ProgressIndex } from '../storage/progressIndex.ts';
import { daysUntil, todayIn, type Clock } from '../domain/time.ts';
import { nextMilestone, type Solution } from '../domain/solution.ts';
import { taskProgress, type KlikTask, type TaskProgress } from '../domain/klikTask.ts';
import { isSent, signatureProgress, type Agreement, type SignatureProgress } from '../domain/agreement.ts';
import type { BudgetLine } from '../domain/budget.ts';

export interface PortfolioRow {
  readonly solution: Solution;
  readonly nextMilestone?: { title: string; date: string };
  readonly openTasks: number;
  readonly agreementsAwaiting: number;
}

/** The portfolio overview: every solution with its open tasks and agreements, plus the task and agreement lists. */
export interface PortfolioOverview {
  readonly today: string;
  readonly solutions: PortfolioRow[];
  readonly tasks: (KlikTask & { progress: TaskProgress; daysLeft: number } & ScopeFields)[];
  readonly agreements: (Agreement & { progress: SignatureProgress; daysLeft: number | null } & ScopeFields)[];
  /** KOMBIT's total in the latest budget guide, as published. */
  readonly budget?: BudgetLine;
}

/** The overview with its JSON ready to send, plain and gzipped, so a burst of requests costs no serialisation. */
export interface EncodedOverview {
  readonly value: PortfolioOverview;
  readonly json: Buffer;
  readonly gzip: Buffer;
}

export interface PortfolioReaderOptions {
  /** A read younger than this is answered as is (ms). */
  readonly freshMs?: number;
  /** A read younger than this is answered at once while a new read runs in the background (ms). */
  readonly staleMs?: number;
  /**
   * While requests came in during this long (ms), the overview is read again in the background
   * every `freshMs`, so requests of an active meeting never wait for storage. 0 turns it off.
   */
  readonly keepWarmMs?: number;
}

/** Reads the overview for a burst of requests; `close` stops the background refresh. */
export interface PortfolioReader {
  (): Promise<EncodedOverview>;
  /** A read that starts after this call, for whoever just wrote and must see the write (staff in the admin view). */
  fresh(): Promise<EncodedOverview>;
  close(): void;
}

/**
 * Shares one read of the overview between the requests of a burst (the tab, the meeting view
 * polling on many screens): a read younger than `freshMs` (1 s) is reused; one younger than
 * `staleMs` (2 s) is answered at once while a fresh read runs; older ones wait for a fresh read.
 * While requests keep coming (`keepWarmMs`, 15 s), it also reads again in the background every
 * `freshMs`, so nobody waits for storage during a meeting. So a write shows within about two
 * seconds. A failed read is not kept.
 */
export function createPortfolioReader(load: () => Promise<PortfolioOverview>, clock: Clock, options: PortfolioReaderOptions = {}): PortfolioReader {
  const freshMs = options.freshMs ?? 1000;
  const staleMs = Math.max(freshMs, options.staleMs ?? 2000);
  const keepWarmMs = options.keepWarmMs ?? 15_000;
  let settled: { at: number; today: string; data: EncodedOverview } | undefined;
  let inflight: Promise<EncodedOverview> | undefined;
  let lastRequest = -Infinity;
  let timer: ReturnType<typeof setInterval> | undefined;
  let closed = false;

  const refresh = (): Promise<EncodedOverview> => {
    if (inflight) return inflight;
    const at = performance.now();
    const today = todayIn(clock);
    const read = load().then((value) => {
      const json = Buffer.from(JSON.stringify(value));
      const data = { value, json, gzip: gzipSync(json, { level: 6 }) };
      settled = { at, today, data };
      return data;
    });
    inflight = read;
    read.then(
      () => (inflight = undefined),
      () => (inflight = undefined),
    );
    return read;
  };

  const keepWarm = () => {
    if (closed || keepWarmMs <= 0 || timer) return;
    timer = setInterval(() => {
      if (performance.now() - lastRequest > keepWarmMs) {
        clearInterval(timer);
        timer = undefined;
        return;
      }
      refresh().catch(() => undefined);
    }, freshMs);
    timer.unref();
  };

  const read = (): Promise<EncodedOverview> => {
    lastRequest = performance.now();
    keepWarm();
    const today = todayIn(clock);
    const age = settled && settled.today === today ? performance.now() - settled.at : Infinity;
    if (settled && age < freshMs) return Promise.resolve(settled.data);
    if (settled && age < staleMs) {
      refresh().catch(() => undefined);
      return Promise.resolve(settled.data);
    }
    return refresh();
  };
  return Object.assign(read, {
    // A read already under way may have started before the caller's write: wait for it, then read again.
    fresh: () => (inflight ? inflight.then(refresh, refresh) : refresh()),
    close() {
      closed = true;
      clearInterval(timer);
      timer = undefined;
    },
  });
}

/** What an item concerns when not all 98: its name ("Bølge 2") and kommunekoder, so the tab can tell whose it is. */
interface ScopeFields {
  readonly concernsLabel?: string;
  readonly concernedCodes?: readonly string[];
}

function scopeFields(concerns: Concerns | undefined, waves: readonly Wave[]): ScopeFields {
  const scope = concernedSet(concerns, waves);
  return scope.all ? {} : { concernsLabel: scope.label, concernedCodes: scope.codes };
}

/** Builds the overview from the lists and each task's and agreement's progress. */
export function assembleOverview(
  clock: Clock,
  lists: { solutions: Solution[]; tasks: KlikTask[]; agreements: Agreement[]; budget?: BudgetLine; waves?: readonly Wave[] },
  progressOf: { task(id: string): TaskProgress; agreement(id: string): SignatureProgress },
): PortfolioOverview {
  const today = todayIn(clock);
  const waves = lists.waves ?? [];
  const taskRows = lists.tasks.map((t) => ({ ...t, progress: progressOf.task(t.id), daysLeft: daysUntil(t.deadline, clock), ...scopeFields(t.concerns, waves) }));
  const agreementRows = lists.agreements.map((a) => ({
    ...a,
    ...scopeFields(a.concerns, waves),
    progress: progressOf.agreement(a.id),
    daysLeft: a.deadline ? daysUntil(a.deadline, clock) : null,
  }));
  const open = (t: (typeof taskRows)[number]) => t.progress.done < t.progress.total && t.daysLeft >= -30;
  // An agreement not yet sent asks nobody to sign, however many signatures it lacks.
  const awaiting = (a: (typeof agreementRows)[number]) => !a.closed && isSent(a, today) && a.progress.missing > 0;
  return {
    today,
    solutions: lists.solutions.map((s) => {
      const m = nextMilestone(s, today);
      return {
        solution: s,
        ...(m ? { nextMilestone: { title: m.title, date: m.date } } : {}),
        openTasks: taskRows.filter((t) => t.solutionId === s.id && open(t)).length,
        agreementsAwaiting: agreementRows.filter((a) => a.solutionId === s.id && awaiting(a)).length,
      };
    }),
    tasks: taskRows,
    agreements: agreementRows,
    ...(lists.budget ? { budget: lists.budget } : {}),
  };
}

/** Reads the whole portfolio straight from the repositories: one partition per table plus one per task and agreement. */
export async function portfolioOverview(repos: Repositories, clock: Clock): Promise<PortfolioOverview> {
  const [solutions, tasks, agreements, budget] = await Promise.all([repos.solutions.list(), repos.klikTasks.list(), repos.agreements.list(), repos.budget.latest()]);
  const [taskStatuses, signatures] = await Promise.all([
    Promise.all(tasks.map((t) => repos.klikTasks.statuses(t.id))),
    Promise.all(agreements.map((a) => repos.agreements.signatures(a.id))),
  ]);
  const waves = await repos.waves.list();
  const taskIndex = new Map(tasks.map((t, i) => [t.id, taskProgress(taskStatuses[i]!, concernedSet(t.concerns, waves).codes)]));
  const agreementIndex = new Map(agreements.map((a, i) => [a.id, signatureProgress(signatures[i]!, concernedSet(a.concerns, waves).codes)]));
  return assembleOverview(clock, { solutions, tasks, agreements, budget, waves }, { task: (id) => taskIndex.get(id)!, agreement: (id) => agreementIndex.get(id)! });
}

/** The same overview with the progress from a {@link ProgressIndex}: four list queries plus two for what changed. */
export async function indexedOverview(repos: Repositories, index: ProgressIndex, clock: Clock): Promise<PortfolioOverview> {
  const [solutions, tasks, agreements, budget, , waves] = await Promise.all([repos.solutions.list(), repos.klikTasks.list(), repos.agreements.list(), repos.budget.latest(), index.sync(), repos.waves.list()]);
  const taskCodes = new Map(tasks.map((x) => [x.id, concernedSet(x.concerns, waves).codes]));
  const agreementCodes = new Map(agreements.map((x) => [x.id, concernedSet(x.concerns, waves).codes]));
  return assembleOverview(clock, { solutions, tasks, agreements, budget, waves }, { task: (id) => index.taskProgress(id, taskCodes.get(id)), agreement: (id) => index.signatureProgress(id, agreementCodes.get(id)) });
}
