import type { Repositories } from '../storage/repositories.ts';
import { concernedSet, type Concerns } from '../domain/wave.ts';
import { addDays, danishDateOf, daysUntil, todayIn, type Clock } from '../domain/time.ts';
import { OVERDUE_TASK_DAYS } from '../weeklyDigest/weeklyDigest.ts';
import { formatDate, type Language } from '../domain/language.ts';
import { TASK_STATUS_LABELS, taskProgress, type TaskStatus } from '../domain/klikTask.ts';
import { deadlineKind, isSent } from '../domain/agreement.ts';
import { municipalityKey, type SurveyResponse } from '../domain/survey.ts';
import { officialName, type Municipality } from '../domain/municipality.ts';
import { CardTemplate, renderCard } from '../cards/render.ts';
import { t } from '../cards/strings.ts';
import type { AdaptiveCard } from './turn.ts';

const TEMPLATE = new CardTemplate(new URL('./municipalityStatus.json', import.meta.url));

type Color = 'Good' | 'Warning' | 'Attention' | 'Default';
interface Row {
  readonly text: string;
  readonly state: string;
  readonly color: Color;
}
interface Section {
  readonly heading: string;
  readonly done: string;
  readonly rows: Row[];
}

export interface MunicipalityStatusContext {
  readonly repos: Repositories;
  readonly clock: Clock;
  readonly lang: Language;
  readonly tabUrl: string;
  /** In a 1:1 chat with staff: offer to make the municipality the person's own (a consultant who works with one). */
  readonly offerAsOwn?: boolean;
  /** A survey's answers; the Monday round passes a shared read so ninety-eight cards do not read them ninety-eight times. */
  readonly responsesOf?: (surveyId: string) => Promise<SurveyResponse[]>;
}

const TASK_COLORS: Record<TaskStatus, Color> = { done: 'Good', started: 'Warning', notStarted: 'Attention' };

function deadlineText(deadline: string | null | undefined, clock: Clock, lang: Language): string {
  if (!deadline) return '';
  const overdue = daysUntil(deadline, clock) < 0;
  return ` · ${overdue ? t(lang, 'frist overskredet', 'overdue') : t(lang, 'frist', 'deadline')} ${formatDate(deadline, lang)}`;
}

/**
 * One municipality's status across KLIK tasks, agreements and surveys, for KOMBIT staff, a channel
 * and the program leader's Monday overview: what it still owes first, what it has finished as a
 * count. Tasks are those still open for some municipality, due at most a month ago. Only surveys whose answers
 * can be tied to a municipality (named or one answer per municipality) are shown, so an anonymous
 * survey never tells who has answered.
 */
export async function municipalityStatusCard(ctx: MunicipalityStatusContext, municipality: Municipality): Promise<AdaptiveCard> {
  return (await municipalityStatus(ctx, municipality)).card;
}

/** The municipality's status card with how many things it owes (0: nothing to chase). */
export async function municipalityStatus(ctx: MunicipalityStatusContext & { readonly title?: string }, municipality: Municipality): Promise<{ card: AdaptiveCard; owed: number }> {
  const { repos, clock, lang } = ctx;
  const today = todayIn(clock);
  const code = municipality.code;
  const [tasks, agreements, surveys, solutions] = await Promise.all([repos.klikTasks.list(), repos.agreements.list(), repos.surveys.list(), repos.solutions.list()]);
  const names = new Map(solutions.map((s) => [s.id, s.name]));

  const [taskStatuses, waves] = await Promise.all([Promise.all(tasks.map((task) => repos.klikTasks.sharedStatuses(task.id))), repos.waves.list()]);
  // Only what concerns the municipality: a task or agreement for a wave or a named set it is not in is not its to do.
  const concerns = (item: { concerns?: Concerns }) => concernedSet(item.concerns, waves).codes.includes(code);
  const openTasks = tasks
    .map((task, i) => ({ task, statuses: taskStatuses[i]!, codes: concernedSet(task.concerns, waves).codes }))
    .filter(({ codes }) => codes.includes(code))
    // As in the weekly digest: a task more than a month overdue is KLIK's to chase, not this week's news.
    .filter(({ task }) => task.deadline >= addDays(today, -OVERDUE_TASK_DAYS))
    .filter(({ statuses, codes }) => taskProgress(statuses, codes).done < codes.length)
    .map(({ task, statuses }) => ({ task, status: statuses.find((s) => s.municipalityCode === code)?.status ?? ('notStarted' as TaskStatus) }));
  const owedTasks = openTasks.filter((x) => x.status !== 'done').sort((a, b) => a.task.deadline.localeCompare(b.task.deadline));
  const doneTasks = openTasks.length - owedTasks.length;

  const sent = agreements.filter((a) => !a.closed && isSent(a, today) && concerns(a));
  const signatures = await Promise.all(sent.map((a) => repos.agreements.sharedSignatures(a.id)));
  const agreementStates = sent.map((a, i) => ({ a, state: signatures[i]!.find((s) => s.municipalityCode === code)?.state ?? 'missing' }));
  const unsigned = agreementStates.filter((x) => x.state === 'missing');
  const answeredAgreements = agreementStates.length - unsigned.length;

  const traceable = surveys.filter((s) => s.state === 'open' && (s.perMunicipality || !s.anonymous));
  const responsesOf = ctx.responsesOf ?? ((id: string) => repos.surveys.responses(id));
  const [responses, recipients] = await Promise.all([Promise.all(traceable.map((s) => responsesOf(s.id))), Promise.all(traceable.map((s) => (s.perMunicipality ? [] : repos.surveys.recipients(s.id))))]);
  // Only surveys the municipality was asked: one of its program leaders got it, or it is among those expected to answer.
  const surveyStates = traceable
    .map((s, i) => ({ s, answers: responses[i]!, asked: s.perMunicipality ? (s.expectedMunicipalities ?? []).includes(code) : recipients[i]!.some((r) => r.municipalityCode === code) }))
    .filter((x) => x.asked)
    .map(({ s, answers }) => ({ s, count: s.perMunicipality ? answers.filter((r) => r.key === municipalityKey(code)).length : answers.filter((r) => r.respondent?.municipalityCode === code).length }));
  const unanswered = surveyStates.filter((x) => x.count === 0);

  const sections: Section[] = [
    {
      heading: t(lang, 'KLIK-opgaver', 'KLIK tasks'),
      done: doneTasks ? t(lang, doneTasks === 1 ? '1 åben opgave er fuldført af kommunen.' : `${doneTasks} åbne opgaver er fuldført af kommunen.`, `${doneTasks} open tasks are done by the municipality.`) : '',
      rows: owedTasks.map(({ task, status }) => ({
        text: `${task.title} (${names.get(task.solutionId) ?? task.solutionId})${deadlineText(task.deadline, clock, lang)}`,
        state: TASK_STATUS_LABELS[status][lang],
        color: TASK_COLORS[status],
      })),
    },
    {
      heading: t(lang, 'Aftaler der venter på underskrift', 'Agreements awaiting signature'),
      done: answeredAgreements ? t(lang, `${answeredAgreements} er underskrevet eller besvaret.`, `${answeredAgreements} are signed or answered.`) : '',
      rows: unsigned.map(({ a }) => ({
        text: `${a.title} (${names.get(a.solutionId) ?? a.solutionId})${a.deadline ? deadlineText(a.deadline, clock, lang) : deadlineKind(a) === 'asap' ? t(lang, ' · frist: hurtigst muligt', ' · deadline: as soon as possible') : ''}`,
        state: t(lang, 'Mangler', 'Missing'),
        color: 'Attention' as const,
      })),
    },
    {
      heading: t(lang, 'Åbne spørgeskemaer', 'Open surveys'),
      done: surveyStates.length > unanswered.length ? t(lang, `${surveyStates.length - unanswered.length} er besvaret.`, `${surveyStates.length - unanswered.length} are answered.`) : '',
      rows: unanswered.map(({ s }) => ({ text: `${s.title}${deadlineText(danishDateOf(s.closesAt), clock, lang)}`, state: t(lang, 'Ikke besvaret', 'Not answered'), color: 'Attention' as const })),
    },
  ].filter((section) => section.rows.length > 0 || section.done !== '');

  const owed = owedTasks.length + unsigned.length + unanswered.length;
  const card = renderCard(TEMPLATE, {
    title: ctx.title ?? t(lang, `Status for ${officialName(municipality)}`, `Status of ${officialName(municipality)}`),
    subtitle: t(
      lang,
      `Pr. ${formatDate(today, lang)}. KLIK-opgaver med status i KLIK, hvor den er importeret, ellers som meldt i Teams.`,
      `As of ${formatDate(today, lang)}. KLIK tasks with their status in KLIK where imported, else as reported in Teams.`,
    ),
    summary:
      owed === 0
        ? t(lang, 'Kommunen mangler ingenting lige nu.', 'The municipality owes nothing right now.')
        : t(
            lang,
            `Mangler: ${owedTasks.length} ${owedTasks.length === 1 ? 'KLIK-opgave' : 'KLIK-opgaver'}, ${unsigned.length} ${unsigned.length === 1 ? 'aftale' : 'aftaler'}, ${unanswered.length} ${unanswered.length === 1 ? 'spørgeskema' : 'spørgeskemaer'}.`,
            `Owes: ${owedTasks.length} KLIK tasks, ${unsigned.length} agreements, ${unanswered.length} surveys.`,
          ),
    summaryColor: owed === 0 ? 'Good' : 'Attention',
    sections,
    footer: t(lang, 'Anonyme spørgeskemaer vises ikke her.', 'Anonymous surveys are not shown here.'),
    choices: ctx.offerAsOwn ? [{ title: t(lang, `Vælg ${municipality.name} som min kommune`, `Make ${municipality.name} my municipality`), verb: 'setMunicipality', data: { municipalityCode: code } }] : [],
    openTab: t(lang, 'Åbn porteføljen', 'Open the portfolio'),
    tabUrl: ctx.tabUrl,
  });
  return { card, owed };
}
