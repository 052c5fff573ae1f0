import type { Repositories } from '../storage/repositories.ts';
import type { Clock } from '../domain/time.ts';
import type { Renderer } from '../notifications/delivery.ts';
import type { FeedRenderer } from '../notifications/activityFeed.ts';
import { municipalityByCode } from '../domain/municipality.ts';
import { taskProgress } from '../domain/klikTask.ts';
import { formatDate, formatDaysLeft } from '../domain/language.ts';
import { daysUntil } from '../domain/time.ts';
import { t } from '../cards/strings.ts';
import { klikTaskCard, type Viewer } from './klikTaskCard.ts';
import { scopeOf, wavesOfSolution } from '../waves/scope.ts';

/** Renders the task card for each target: shared in channels, with the person's own status in a 1:1 chat. */
export function klikTaskRenderer(repos: Repositories, clock: Clock): Renderer {
  return async ({ notification, profile }) => {
    const task = (await repos.klikTasks.get(notification.subjectId))?.value;
    if (!task) return undefined;
    const [statuses, solution, scope] = await Promise.all([repos.klikTasks.statuses(task.id), repos.solutions.get(task.solutionId), scopeOf(repos, task.concerns)]);
    const solutionWaves = scope.waves.length ? await wavesOfSolution(repos, task.solutionId) : undefined;
    const municipality = profile?.municipalityCode ? municipalityByCode(profile.municipalityCode) : undefined;
    const viewer: Viewer = profile ? { kind: 'person', municipality, status: statuses.find((s) => s.municipalityCode === municipality?.code) } : { kind: 'shared' };
    const reporters = profile ? [] : await repos.notifications.reporters(notification.id);
    return { kind: 'card', card: klikTaskCard({ task, solutionName: solution?.value.name ?? task.solutionId, progress: taskProgress(statuses, scope.codes), viewer, lang: profile?.language ?? 'da', clock, reporters, statuses, scope, solutionWaves }) };
  };
}

/** The personal reminder before a task's deadline; nothing when the person's municipality is already done. */
export function klikTaskReminderRenderer(repos: Repositories, clock: Clock): Renderer {
  return async ({ notification, profile }) => {
    const task = (await repos.klikTasks.get(String(notification.payload.taskId)))?.value;
    if (!task || !profile) return undefined;
    const code = profile.municipalityCode;
    const status = code ? (await repos.klikTasks.status(task.id, code))?.value.status : undefined;
    if (status === 'done') return undefined;
    const scope = await scopeOf(repos, task.concerns);
    // A task for a wave or a named set is nothing to remind a municipality outside it of.
    if (code && !scope.codes.includes(code)) return undefined;
    const lang = profile.language;
    const days = daysUntil(task.deadline, clock);
    const statuses = await repos.klikTasks.statuses(task.id);
    const solution = (await repos.solutions.get(task.solutionId))?.value;
    const card = klikTaskCard({
      task,
      solutionName: solution?.name ?? task.solutionId,
      progress: taskProgress(statuses, scope.codes),
      scope,
      viewer: { kind: 'person', municipality: code ? municipalityByCode(code) : undefined, status: statuses.find((s) => s.municipalityCode === code) },
      lang,
      clock,
      heading: t(lang, `Påmindelse om KLIK-opgave · ${solution?.name ?? task.solutionId}`, `Reminder of a KLIK task · ${solution?.name ?? task.solutionId}`),
      note: t(lang, `Påmindelse: fristen er ${formatDate(task.deadline, lang)} (${formatDaysLeft(days, lang)}).`, `Reminder: the deadline is ${formatDate(task.deadline, lang)} (${formatDaysLeft(days, lang)}).`),
    });
    return { kind: 'card', card };
  };
}

/** "Påmind mig" in the person's Teams activity feed: the task and its deadline on one line (the card itself stays in the app). */
export function klikTaskReminderFeed(repos: Repositories, clock: Clock): FeedRenderer {
  return async ({ notification, profile }) => {
    const task = (await repos.klikTasks.get(String(notification.payload.taskId)))?.value;
    if (!task || !profile) return undefined;
    const lang = profile.language;
    const days = daysUntil(task.deadline, clock);
    return {
      activityType: 'reminder',
      previewText: t(lang, `KLIK-opgave: fristen er ${formatDate(task.deadline, lang)} (${formatDaysLeft(days, lang)}).`, `KLIK task: the deadline is ${formatDate(task.deadline, lang)} (${formatDaysLeft(days, lang)}).`),
      templateParameters: { title: task.title },
    };
  };
}
