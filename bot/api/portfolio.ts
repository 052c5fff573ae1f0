import type { Repositories } from '../storage/repositories.ts';
import { daysUntil, todayIn, type Clock } from '../domain/time.ts';
import { nextMilestone, type Solution } from '../domain/solution.ts';
import { taskProgress, type KlikTask, type TaskProgress } from '../domain/klikTask.ts';
import { signatureProgress, type Agreement, type SignatureProgress } from '../domain/agreement.ts';

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
  readonly tasks: (KlikTask & { progress: TaskProgress; daysLeft: number })[];
  readonly agreements: (Agreement & { progress: SignatureProgress; daysLeft: number | null })[];
}

/** Reads the whole portfolio: one partition per table plus one per task and agreement, in parallel. */
export async function portfolioOverview(repos: Repositories, clock: Clock): Promise<PortfolioOverview> {
  const today = todayIn(clock);
  const [solutions, tasks, agreements] = await Promise.all([repos.solutions.list(), repos.klikTasks.list(), repos.agreements.list()]);
  const [taskStatuses, signatures] = await Promise.all([
    Promise.all(tasks.map((t) => repos.klikTasks.statuses(t.id))),
    Promise.all(agreements.map((a) => repos.agreements.signatures(a.id))),
  ]);
  const taskRows = tasks.map((t, i) => ({ ...t, progress: taskProgress(taskStatuses[i]!), daysLeft: daysUntil(t.deadline, clock) }));
  const agreementRows = agreements.map((a, i) => ({
    ...a,
    progress: signatureProgress(signatures[i]!),
    daysLeft: a.deadline ? daysUntil(a.deadline, clock) : null,
  }));
  const open = (t: (typeof taskRows)[number]) => t.progress.done < t.progress.total && t.daysLeft >= -30;
  const awaiting = (a: (typeof agreementRows)[number]) => !a.closed && a.progress.missing > 0;
  return {
    today,
    solutions: solutions.map((s) => {
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
  };
}
