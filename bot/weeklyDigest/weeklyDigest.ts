import { z } from 'zod';
import { DateTime } from 'luxon';
import { concernedSet } from '../domain/wave.ts';
import { jobKind, type JobSpec, type ServiceDeps } from '../capability.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { AdaptiveCard } from '../conversation/turn.ts';
import type { Meeting } from '../domain/meeting.ts';
import { taskProgress, TASK_TYPE_LABELS, type KlikTask, type TaskProgress } from '../domain/klikTask.ts';
import { formatDate, formatDaysLeft, formatLongDate, type Language } from '../domain/language.ts';
import { addDays, instantAt, todayIn, ZONE } from '../domain/time.ts';
import { Stale } from '../domain/errors.ts';
import { t } from '../cards/strings.ts';
import { agreementsDue, type DueAgreement } from '../agreements/agreementReminders.ts';
import { municipalitiesText } from '../agreements/agreementCard.ts';
import { overviewCard, section, type OverviewItem } from '../cards/overviewCard.ts';
import { DIGEST_TIME, digestDayOfWeek, digestJobId, isoWeekOf, mondayOf, nextDigestSlot } from '../agreements/reminderTimes.ts';

/** How far ahead the digest and the channel summary look. */
export const LOOKAHEAD_DAYS = 14;
/**
 * KLIK tasks stay in "overdue" this long after their deadline. KLIK itself keeps chasing old
 * tasks; a digest listing every task since 2021 would drown this week's news. Agreements stay
 * until they are signed or closed, because chasing them is this app's job.
 */
export const OVERDUE_TASK_DAYS = 30;
/** Meetings are monthly; one further away than this is not "the next meeting" anyone plans around yet. */
export const MEETING_HORIZON_DAYS = 60;

/** Whole days from `from` to `to` (Danish dates). */
export function daysBetween(from: string, to: string): number {
  return Math.round(DateTime.fromISO(to, { zone: ZONE }).diff(DateTime.fromISO(from, { zone: ZONE }), 'days').days);
}

interface TaskDue {
  readonly task: KlikTask;
  readonly progress: TaskProgress;
}

/** What a week's digest says, as of its Monday. */
export interface DigestContent {
  readonly date: string;
  readonly week: string;
  readonly tasksDue: readonly TaskDue[];
  readonly agreementsDue: readonly DueAgreement[];
  readonly overdueAgreements: readonly DueAgreement[];
  readonly overdueTasks: readonly TaskDue[];
  readonly meeting?: Meeting;
  readonly solutionNames: ReadonlyMap<string, string>;
}

/** Reads the week's items: deadlines in the next 14 days, overdue items, and the next meeting. */
export async function digestContent(repos: Repositories, date: string): Promise<DigestContent> {
  const horizon = addDays(date, LOOKAHEAD_DAYS);
  const [tasks, meetings, solutions, agreementsSoon, agreementsLate] = await Promise.all([
    repos.klikTasks.list(),
    repos.meetings.list(),
    repos.solutions.list(),
    agreementsDue(repos, date, horizon),
    agreementsDue(repos, '0000-01-01', addDays(date, -1)),
  ]);
  const relevant = tasks.filter((x) => x.deadline >= addDays(date, -OVERDUE_TASK_DAYS) && x.deadline <= horizon);
  const waves = await repos.waves.list();
  const withProgress = await Promise.all(relevant.map(async (task) => ({ task, progress: taskProgress(await repos.klikTasks.statuses(task.id), concernedSet(task.concerns, waves).codes) })));
  const open = withProgress.filter((x) => x.progress.done < x.progress.total).sort((a, b) => a.task.deadline.localeCompare(b.task.deadline));
  return {
    date,
    week: isoWeekOf(date),
    tasksDue: open.filter((x) => x.task.deadline >= date),
    agreementsDue: agreementsSoon,
    // Most recently overdue first: those are the ones a nudge can still move.
    overdueAgreements: [...agreementsLate].sort((a, b) => b.agreement.deadline!.localeCompare(a.agreement.deadline!)),
    overdueTasks: open.filter((x) => x.task.deadline < date).reverse(),
    meeting: meetings.find((m) => m.date >= date && m.date <= addDays(date, MEETING_HORIZON_DAYS)),
    solutionNames: new Map(solutions.map((s) => [s.id, s.name])),
  };
}

/** A quiet week: nothing due and nothing overdue. The next meeting alone is no reason to post. */
export function isQuiet(content: DigestContent): boolean {
  return content.tasksDue.length + content.agreementsDue.length + content.overdueAgreements.length + content.overdueTasks.length === 0;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Torsdag 26. november 2026 kl. 10:00-11:30: Programledermøde november 2026". */
export function meetingText(meeting: Meeting, lang: Language): string {
  const weekday = DateTime.fromISO(meeting.date, { zone: ZONE }).setLocale(lang === 'da' ? 'da' : 'en-GB').toFormat('cccc');
  const time = lang === 'da' ? `kl. ${meeting.startTime}-${meeting.endTime}` : `${meeting.startTime}-${meeting.endTime}`;
  return `${capitalise(weekday)} ${formatLongDate(meeting.date, lang)} ${time}: ${meeting.title}`;
}

function taskItem(x: TaskDue, date: string, names: ReadonlyMap<string, string>, lang: Language): OverviewItem {
  const days = daysBetween(date, x.task.deadline);
  return {
    text: x.task.title,
    detail: `${names.get(x.task.solutionId) ?? x.task.solutionId} · ${TASK_TYPE_LABELS[x.task.type][lang]} · ${t(lang, 'frist', 'deadline')} ${formatDate(x.task.deadline, lang)} · ${t(lang, `${x.progress.done} af ${x.progress.total} fuldført`, `${x.progress.done} of ${x.progress.total} done`)}`,
    badge: formatDaysLeft(days, lang),
    badgeColor: days < 0 ? 'Attention' : days <= 7 ? 'Warning' : 'Default',
  };
}

/** One agreement line: title, who is missing and the deadline, days left as the badge. */
export function agreementItem(x: DueAgreement, date: string, names: ReadonlyMap<string, string>, lang: Language): OverviewItem {
  const days = daysBetween(date, x.agreement.deadline!);
  const { missing } = x;
  return {
    text: x.agreement.title,
    detail: `${names.get(x.agreement.solutionId) ?? x.agreement.solutionId} · ${t(lang, 'frist', 'deadline')} ${formatDate(x.agreement.deadline!, lang)} · ${t(lang, `${municipalitiesText(missing, lang)} mangler at underskrive`, `${municipalitiesText(missing, lang)} have not signed`)}`,
    badge: formatDaysLeft(days, lang),
    badgeColor: days < 0 ? 'Attention' : days <= 7 ? 'Warning' : 'Default',
  };
}

/** The Monday digest card. */
export function digestCard(content: DigestContent, lang: Language): AdaptiveCard {
  const { date, solutionNames: names } = content;
  const weekNumber = Number(content.week.split('-W')[1]);
  const overdue = [...content.overdueAgreements.map((x) => agreementItem(x, date, names, lang)), ...content.overdueTasks.map((x) => taskItem(x, date, names, lang))];
  return overviewCard({
    heading: t(lang, 'Ugens overblik', 'This week'),
    title: t(lang, `Uge ${weekNumber}: frister og status`, `Week ${weekNumber}: deadlines and status`),
    subtitle: t(lang, `Frister fra ${formatLongDate(date, lang)} til og med ${formatLongDate(addDays(date, LOOKAHEAD_DAYS), lang)}`, `Deadlines from ${formatLongDate(date, lang)} to ${formatLongDate(addDays(date, LOOKAHEAD_DAYS), lang)}`),
    sections: [
      section(t(lang, 'KLIK-opgaver med frist de næste 14 dage', 'KLIK tasks due in the next 14 days'), 'Default', content.tasksDue.map((x) => taskItem(x, date, names, lang)), lang, { da: 'frister', en: 'deadlines' }),
      section(t(lang, 'Aftaler med frist de næste 14 dage', 'Agreements due in the next 14 days'), 'Warning', content.agreementsDue.map((x) => agreementItem(x, date, names, lang)), lang, { da: 'aftaler', en: 'agreements' }),
      section(t(lang, 'Overskredne frister', 'Overdue'), 'Attention', overdue, lang, { da: 'aftaler', en: 'agreements' }),
    ],
    meetingHeading: t(lang, 'Næste programledermøde', 'Next program-leader meeting'),
    meeting: content.meeting ? meetingText(content.meeting, lang) : '',
    footer: t(lang, 'Meld jeres status direkte i kortene i kanalen, eller skriv "hjælp" til mig.', 'Report your status right in the cards in the channel, or type "help" to me.'),
  });
}

/**
 * The weekly digest: a job per ISO week at Monday 08:00 Danish time. It posts to the channels
 * only when there is something to say, and to each program leader what their municipality owes,
 * then schedules the next week's.
 */
export class WeeklyDigest {
  constructor(
    private readonly deps: ServiceDeps,
  ) {}

  /** The Monday job: mounted by the weekly digest capability. */
  readonly job: JobSpec = jobKind('weeklyDigest', z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), week: z.string().min(1) }), async ({ date, week }) => {
      const deps = this.deps;
      const today = todayIn(deps.clock);
      if (today !== date) {
        // The app was down that Monday: a digest days late would be wrong about "this week".
        deps.log.warn({ week, today }, 'weekly digest skipped: its Monday has passed');
      } else {
        if (isQuiet(await digestContent(deps.repos, date))) deps.log.info({ week }, 'quiet week: no digest');
        else await deps.delivery.publish({ id: digestJobId(week), kind: 'weeklyDigest', subjectId: week, audience: { kind: 'channels' }, payload: { week, date } });
        // Each program leader's own municipality, whatever the channels' week looks like: the renderer skips those who owe nothing.
        const leaders = (await deps.repos.users.list()).filter((p) => p.role === 'programleder' && p.municipalityCode && !p.remindersOptOut);
        if (leaders.length) await deps.delivery.publish({ id: `municipalityWeek:${week}`, kind: 'municipalityWeek', subjectId: week, audience: { kind: 'users', userIds: leaders.map((p) => p.userId) }, payload: { week, date } });
      }
      const next = nextDigestSlot(deps.clock);
      const nextDate = next.date > date ? next.date : digestDayOfWeek(addDays(mondayOf(date), 7));
      await this.schedule(nextDate);
  });

  private async schedule(date: string): Promise<void> {
    const week = isoWeekOf(date);
    try {
      await this.deps.scheduler.schedule({ id: digestJobId(week), kind: 'weeklyDigest', dueAt: instantAt(date, DIGEST_TIME), payload: { week, date } });
    } catch (error) {
      // Another instance scheduled the same week at the same moment.
      if (!(error instanceof Stale)) throw error;
    }
  }

  /** At start-up: the next Monday's digest (idempotent: the id is the week). */
  async start(): Promise<string> {
    const next = nextDigestSlot(this.deps.clock);
    await this.schedule(next.date);
    return next.id;
  }
}
