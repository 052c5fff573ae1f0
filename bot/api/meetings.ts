import type { Repositories } from '../storage/repositories.ts';
import { currentMeeting, type Meeting } from '../domain/meeting.ts';
import { todayIn, type Clock } from '../domain/time.ts';
import type { PortfolioOverview } from './portfolio.ts';
import { evaluationResult, type EvaluationResult, type Viewer } from '../evaluations/resultsView.ts';

export { currentMeeting } from '../domain/meeting.ts';

/** Days ahead an agreement's deadline counts as "due soon" on the shared screen; overdue ones stay this long. */
export const AGREEMENTS_DUE_WITHIN_DAYS = 30;
export const AGREEMENTS_OVERDUE_SHOWN_DAYS = 30;
export const CRITICAL_TASKS_SHOWN = 6;
/** Critical-path tasks stay on the screen this long after their deadline while municipalities are missing. */
export const CRITICAL_OVERDUE_SHOWN_DAYS = 30;
/** Mandatory tasks due within this many days count as cross-cutting ("tværgående") news for the meeting. */
export const MANDATORY_DUE_WITHIN_DAYS = 60;

type TaskRow = PortfolioOverview['tasks'][number];

/**
 * The meeting's "Oversigt over KLIK-opgaver af kritisk/tværgående karakter": unfinished tasks on
 * the critical path (upcoming, or overdue by at most 30 days) first, then mandatory tasks due
 * within 60 days; by deadline within each group.
 */
export function meetingTasks(tasks: readonly TaskRow[]): TaskRow[] {
  const unfinished = tasks.filter((t) => t.progress.done < t.progress.total);
  const critical = unfinished.filter((t) => t.type === 'criticalPath' && t.daysLeft >= -CRITICAL_OVERDUE_SHOWN_DAYS);
  const mandatory = unfinished.filter((t) => t.type === 'mandatory' && t.daysLeft >= 0 && t.daysLeft <= MANDATORY_DUE_WITHIN_DAYS);
  const byDeadline = (a: TaskRow, b: TaskRow) => a.deadline.localeCompare(b.deadline);
  return [...critical.sort(byDeadline), ...mandatory.sort(byDeadline)].slice(0, CRITICAL_TASKS_SHOWN);
}

/** `GET /api/meeting-view`: everything the shared-screen presentation shows, in one request it polls. */
export interface MeetingViewData {
  readonly today: string;
  readonly generatedAt: string;
  readonly meeting: Meeting | null;
  readonly isToday: boolean;
  readonly criticalTasks: PortfolioOverview['tasks'];
  readonly agreementsDue: PortfolioOverview['agreements'];
  /** The open evaluation (the meeting's, else the newest open one), with live results where allowed. */
  readonly evaluation: EvaluationResult | null;
}

export async function meetingView(repos: Repositories, clock: Clock, overview: PortfolioOverview, viewer: Viewer): Promise<MeetingViewData> {
  const today = todayIn(clock);
  const [meetings, evaluations] = await Promise.all([repos.meetings.list(), repos.evaluations.list()]);
  const meeting = currentMeeting(meetings, today);
  const open = evaluations.filter((e) => e.state === 'open');
  const evaluation = open.find((e) => e.meetingId === meeting?.id) ?? open.at(-1);
  const evaluationMeeting = evaluation ? meetings.find((m) => m.id === evaluation.meetingId) : undefined;
  return {
    today,
    generatedAt: clock.now().toISOString(),
    meeting: meeting ?? null,
    isToday: meeting?.date === today,
    criticalTasks: meetingTasks(overview.tasks),
    agreementsDue: overview.agreements
      .filter((a) => !a.closed && a.progress.missing > 0 && a.daysLeft !== null && a.daysLeft <= AGREEMENTS_DUE_WITHIN_DAYS && a.daysLeft >= -AGREEMENTS_OVERDUE_SHOWN_DAYS)
      .sort((a, b) => (a.deadline ?? '').localeCompare(b.deadline ?? '')),
    evaluation: evaluation ? await evaluationResult(repos, evaluation, evaluationMeeting, viewer) : null,
  };
}
