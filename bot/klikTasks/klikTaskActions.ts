import { z } from 'zod';
import type { Config } from '../config.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { Clock } from '../domain/time.ts';
import { cardAction, type CardActionSpec } from '../capability.ts';
import { profileOf } from '../conversation/people.ts';
import type { ActionResult } from '../conversation/turn.ts';
import { formatDate, type Language } from '../domain/language.ts';
import { municipalityByCode, municipalityCodeSchema } from '../domain/municipality.ts';
import { taskProgress, TASK_STATUS_LABELS } from '../domain/klikTask.ts';
import { Forbidden } from '../domain/errors.ts';
import { t } from '../cards/strings.ts';
import { principalOf } from '../auth/principal.ts';
import type { UserProfile } from '../domain/user.ts';
import { KLIK_TASK_VIEW_VERB, klikTaskCard } from './klikTaskCard.ts';
import { taskNotificationId, type KlikTaskService } from './klikTaskService.ts';

const statusAction = z.object({
  taskId: z.string().min(1).max(60),
  status: z.enum(['started', 'done']),
  municipalityCode: municipalityCodeSchema.optional(),
});
const remindAction = z.object({ taskId: z.string().min(1).max(60), days: z.coerce.number().int().min(0).max(60).default(3) });

const message = (text: string): ActionResult => ({ kind: 'message', text });

/** What the report in Teams does not do: KLIK is where the status counts, so the person is asked to set it there too. */
function klikReminder(lang: Language, status: 'started' | 'done', hasLink: boolean): string {
  const label = status === 'done' ? TASK_STATUS_LABELS.done : TASK_STATUS_LABELS.started;
  const text = t(
    lang,
    `Det er meldt i Teams, ikke i KLIK: husk også at sætte opgaven til ${label.da} i KLIK, for det er status i KLIK, der tæller.`,
    `This is reported in Teams, not in KLIK: remember to set the task to ${label.en} in KLIK too, as the status in KLIK is what counts.`,
  );
  return hasLink ? text : `${text} ${t(lang, 'Opgaven har intet KLIK-link her; find den i KLIK under løsningen.', 'The task has no KLIK link here; find it in KLIK under the solution.')}`;
}

const viewAction = z.object({ taskId: z.string().min(1).max(60) });

/** The task card's buttons: "Vi er i gang", "Fuldført" and "Påmind mig", and the personal view Teams asks for. */
export function klikTaskActions(deps: { repos: Repositories; config: Config; clock: Clock; service: KlikTaskService }): CardActionSpec[] {
  const { repos, clock, service } = deps;

  const personalCard = async (taskId: string, profile: UserProfile, note: string, reported?: 'started' | 'done'): Promise<ActionResult> => {
    const task = (await repos.klikTasks.get(taskId))?.value;
    if (!task) return message(t(profile.language, 'Opgaven findes ikke længere.', 'The task no longer exists.'));
    const statuses = await repos.klikTasks.statuses(taskId);
    const municipality = profile.municipalityCode ? municipalityByCode(profile.municipalityCode) : undefined;
    const solution = (await repos.solutions.get(task.solutionId))?.value;
    const card = klikTaskCard({
      task,
      solutionName: solution?.name ?? task.solutionId,
      progress: taskProgress(statuses),
      viewer: { kind: 'person', municipality, status: statuses.find((s) => s.municipalityCode === municipality?.code) },
      lang: profile.language,
      clock,
      note,
      ...(reported ? { klikNote: klikReminder(profile.language, reported, Boolean(task.klikUrl)) } : {}),
    });
    return { kind: 'card', card };
  };

  const setStatus = cardAction('klikTaskStatus', statusAction, async (turn, data) => {
    const { profile } = await profileOf(repos, deps.config, turn);
    const lang: Language = profile.language;
    const { taskId, status, municipalityCode } = data;
    if (!(await repos.klikTasks.get(taskId))) return message(t(lang, 'Opgaven findes ikke længere. Intet er ændret.', 'The task no longer exists. Nothing was changed.'));
    if (!profile.municipalityCode) return message(t(lang, 'Vælg først din kommune: skriv "kommune [navn]" til mig. Intet er ændret.', 'Choose your municipality first: type "municipality [name]" to me. Nothing was changed.'));
    const code = municipalityCode ?? profile.municipalityCode;
    // Only the clicker's own municipality is ever accepted; before the write, so the shared card's update knows the clicker.
    if (code === profile.municipalityCode) await repos.notifications.addReporter(taskNotificationId(taskId), { teamsUserId: turn.user.id, municipalityCode: code, at: clock.now().toISOString() });
    try {
      await service.setStatus(taskId, code, status, principalOf(profile));
    } catch (error) {
      if (error instanceof Forbidden) return message(t(lang, 'Du kan kun melde status for din egen kommune. Intet er ændret.', 'You can only report the status of your own municipality. Nothing was changed.'));
      throw error;
    }
    const name = municipalityByCode(code)?.name ?? code;
    const thanks = status === 'done' ? t(lang, `Tak! ${name} er meldt fuldført.`, `Thanks! ${name} is reported done.`) : t(lang, `Tak! ${name} er meldt påbegyndt.`, `Thanks! ${name} is reported started.`);
    return personalCard(taskId, profile, thanks, status);
  });

  // Teams calls this by itself for the people listed in the shared card's refresh (those who reported on it).
  const view = cardAction(
    KLIK_TASK_VIEW_VERB,
    viewAction,
    async (turn, data) => personalCard(data.taskId, (await profileOf(repos, deps.config, turn)).profile, ''),
    { da: 'Opgaven findes ikke længere.', en: 'The task no longer exists.' },
  );

  const remind = cardAction('klikTaskRemind', remindAction, async (turn, data) => {
    const { profile, isNew } = await profileOf(repos, deps.config, turn);
    const lang = profile.language;
    if (!(await repos.klikTasks.get(data.taskId))) return message(t(lang, 'Opgaven findes ikke længere.', 'The task no longer exists.'));
    if (isNew) await repos.users.save(profile);
    const { at, task } = await service.remindMe(data.taskId, profile.userId, data.days);
    const when = formatDate(at.toISOString().slice(0, 10), lang);
    const note = at.getTime() <= clock.now().getTime()
      ? t(lang, 'Fristen er tæt på – du får påmindelsen med det samme i vores 1:1-chat.', 'The deadline is close – you will get the reminder right away in our 1:1 chat.')
      : t(lang, `Du får en påmindelse i vores 1:1-chat ${when} kl. 9 (frist ${formatDate(task.deadline, lang)}).`, `You will get a reminder in our 1:1 chat on ${when} at 9:00 (deadline ${formatDate(task.deadline, lang)}).`);
    return personalCard(task.id, profile, note);
  }, { da: 'Vælg hvor mange dage før fristen. Intet er gemt.', en: 'Choose how many days before the deadline. Nothing was saved.' });

  return [setStatus, view, remind];
}
