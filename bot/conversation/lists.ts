import type { Repositories } from '../storage/repositories.ts';
import { daysUntil, todayIn, type Clock } from '../domain/time.ts';
import { formatDate, formatDaysLeft, formatKroner, type Language } from '../domain/language.ts';
import { TASK_STATUS_LABELS, TASK_TYPE_LABELS, taskProgress, type KlikTask, type TaskStatus } from '../domain/klikTask.ts';
import { AGREEMENT_KIND_LABELS, deadlineKind, isSent, signatureProgress, type Agreement, type Signature } from '../domain/agreement.ts';
import { municipalityByCode } from '../domain/municipality.ts';
import { concernedSet } from '../domain/wave.ts';
import { PHASES, PHASE_LABELS, nextMilestone } from '../domain/solution.ts';
import type { UserProfile } from '../domain/user.ts';
import { itemListCard, type ListItem } from '../cards/conversationCards.ts';
import { CardTemplate, renderCard } from '../cards/render.ts';
import { t } from '../cards/strings.ts';
import type { AdaptiveCard } from './turn.ts';

const PORTFOLIO_SUMMARY = new CardTemplate(new URL('./portfolioSummary.json', import.meta.url));

export const LISTS = ['tasks', 'deadlines', 'agreements'] as const;
export type ListName = (typeof LISTS)[number];

function deadlineBadge(days: number, lang: Language): Pick<ListItem, 'badge' | 'badgeColor'> {
  return { badge: formatDaysLeft(days, lang), badgeColor: days < 0 ? 'Attention' : days <= 7 ? 'Warning' : 'Default' };
}

function statusNote(status: TaskStatus, municipalityName: string, lang: Language): Pick<ListItem, 'note' | 'noteColor'> {
  const color = status === 'done' ? 'Good' : status === 'started' ? 'Warning' : 'Attention';
  return { note: `${municipalityName}: ${TASK_STATUS_LABELS[status][lang]}`, noteColor: color };
}

/** Upcoming deadlines first (soonest first), then overdue ones (most recent first). */
function byDeadline<T extends { deadline: string }>(items: T[], today: string): T[] {
  const upcoming = items.filter((i) => i.deadline >= today).sort((a, b) => a.deadline.localeCompare(b.deadline));
  const overdue = items.filter((i) => i.deadline < today).sort((a, b) => b.deadline.localeCompare(a.deadline));
  return [...upcoming, ...overdue];
}

interface ListContext {
  readonly repos: Repositories;
  readonly clock: Clock;
  readonly profile: UserProfile;
  readonly tabUrl: string;
  /** Asked in a channel or group chat: the picture for all municipalities, none person's own. */
  readonly shared?: boolean;
}

const ALL_MUNICIPALITIES = { da: 'For alle 98 kommuner', en: 'For all 98 municipalities' };

/** Open KLIK tasks (not yet done by all 98), optionally for one solution, with the person's municipality status. */
export async function taskListCard(ctx: ListContext, options: { solutionId?: string; solutionName?: string; page?: number }): Promise<AdaptiveCard> {
  const lang = ctx.profile.language;
  const today = todayIn(ctx.clock);
  const [tasks, solutions] = await Promise.all([ctx.repos.klikTasks.list(), ctx.repos.solutions.list()]);
  const names = new Map(solutions.map((s) => [s.id, s.name]));
  const selected = tasks.filter((task) => !options.solutionId || task.solutionId === options.solutionId);
  const [statuses, waves] = await Promise.all([Promise.all(selected.map((task) => ctx.repos.klikTasks.sharedStatuses(task.id))), ctx.repos.waves.list()]);
  const mine = ctx.profile.municipalityCode && !ctx.shared ? municipalityByCode(ctx.profile.municipalityCode) : undefined;
  const open = selected
    .map((task, i) => ({ task, deadline: task.deadline, statuses: statuses[i]!, codes: concernedSet(task.concerns, waves).codes }))
    .filter((x) => taskProgress(x.statuses, x.codes).done < x.codes.length)
    // A task for a wave or a named set is not on the list of a municipality outside it.
    .filter((x) => !mine || x.codes.includes(mine.code));
  const withOwn = open.map((x) => ({ ...x, own: mine ? (x.statuses.find((s) => s.municipalityCode === mine.code)?.status ?? 'notStarted') : undefined }));
  // What the person's own municipality still owes comes first, the earliest deadline (the most overdue) first;
  // then the rest as before. Without a municipality, everything by deadline.
  const owed = mine ? withOwn.filter((x) => x.own !== 'done').sort((a, b) => a.deadline.localeCompare(b.deadline)) : [];
  const ordered = mine ? [...owed, ...byDeadline(withOwn.filter((x) => x.own === 'done'), today)] : byDeadline(withOwn, today);
  const items = ordered.map(({ task, statuses: s, own, codes }): ListItem => {
    const p = taskProgress(s, codes);
    return {
      heading: task.title,
      detail: `${names.get(task.solutionId) ?? task.solutionId} · ${TASK_TYPE_LABELS[task.type][lang]} · ${t(lang, 'Frist', 'Deadline')} ${formatDate(task.deadline, lang)} · ${t(lang, `${p.done} af ${p.total} fuldført`, `${p.done} of ${p.total} done`)}`,
      // A task the municipality has finished is never overdue for it.
      ...(own === 'done' ? { badge: TASK_STATUS_LABELS.done[lang], badgeColor: 'Good' as const } : deadlineBadge(daysUntil(task.deadline, ctx.clock), lang)),
      ...(own && mine ? statusNote(own, mine.name, lang) : {}),
    };
  });
  return itemListCard({
    lang,
    list: 'tasks',
    title: options.solutionName ? t(lang, `Åbne KLIK-opgaver: ${options.solutionName}`, `Open KLIK tasks: ${options.solutionName}`) : t(lang, 'Åbne KLIK-opgaver', 'Open KLIK tasks'),
    subtitle: ctx.shared
      ? ALL_MUNICIPALITIES[lang]
      : mine
        ? t(lang, `Med status for ${mine.name}`, `With the status of ${mine.name}`)
        : t(lang, 'Skriv "kommune [navn]" for at se din kommunes status', 'Type "municipality [name]" to see your municipality\'s status'),
    empty: t(lang, 'Der er ingen åbne KLIK-opgaver.', 'There are no open KLIK tasks.'),
    items,
    page: options.page,
    filter: options.solutionId ?? '',
    tabUrl: ctx.tabUrl,
  });
}

/** Task and agreement deadlines in the next 30 days, in one list. */
export async function deadlineListCard(ctx: ListContext, options: { page?: number }): Promise<AdaptiveCard> {
  const lang = ctx.profile.language;
  const today = todayIn(ctx.clock);
  const [tasks, agreements, solutions] = await Promise.all([ctx.repos.klikTasks.list(), ctx.repos.agreements.list(), ctx.repos.solutions.list()]);
  const names = new Map(solutions.map((s) => [s.id, s.name]));
  const inWindow = (d: string | null) => d !== null && daysUntil(d, ctx.clock) >= 0 && daysUntil(d, ctx.clock) <= 30;
  const rows: { deadline: string; item: ListItem }[] = [
    ...tasks.filter((x) => inWindow(x.deadline)).map((x) => ({
      deadline: x.deadline,
      item: { heading: x.title, detail: `${t(lang, 'KLIK-opgave', 'KLIK task')} · ${names.get(x.solutionId) ?? x.solutionId} · ${formatDate(x.deadline, lang)}`, ...deadlineBadge(daysUntil(x.deadline, ctx.clock), lang) },
    })),
    ...agreements.filter((a) => !a.closed && inWindow(a.deadline)).map((a) => ({
      deadline: a.deadline!,
      item: { heading: a.title, detail: `${AGREEMENT_KIND_LABELS[a.kind][lang]} · ${names.get(a.solutionId) ?? a.solutionId} · ${formatDate(a.deadline!, lang)}`, ...deadlineBadge(daysUntil(a.deadline!, ctx.clock), lang) },
    })),
  ];
  rows.sort((a, b) => a.deadline.localeCompare(b.deadline));
  return itemListCard({
    lang,
    list: 'deadlines',
    title: t(lang, 'Frister de næste 30 dage', 'Deadlines in the next 30 days'),
    subtitle: t(lang, `Fra ${formatDate(today, lang)}`, `From ${formatDate(today, lang)}`),
    empty: t(lang, 'Ingen frister de næste 30 dage.', 'No deadlines in the next 30 days.'),
    items: rows.map((r) => r.item),
    page: options.page,
    tabUrl: ctx.tabUrl,
  });
}

function signedBy(signatures: readonly Signature[], code: string): boolean {
  return signatures.some((s) => s.municipalityCode === code && s.state !== 'missing');
}

/**
 * Agreements awaiting signature (sent, not closed) with how many are missing, whether the person's
 * municipality is, and for it the agreement card's own "Vi har underskrevet". `notice` confirms a
 * press of that button above the list.
 */
export async function agreementListCard(ctx: ListContext, options: { page?: number; notice?: string }): Promise<AdaptiveCard> {
  const lang = ctx.profile.language;
  const today = todayIn(ctx.clock);
  const [agreements, solutions] = await Promise.all([ctx.repos.agreements.list(), ctx.repos.solutions.list()]);
  const names = new Map(solutions.map((s) => [s.id, s.name]));
  // One not yet sent (no sent date, or a later one) asks nobody to sign yet.
  const open = agreements.filter((a) => !a.closed && isSent(a, today));
  const [signatures, waves] = await Promise.all([Promise.all(open.map((a) => ctx.repos.agreements.sharedSignatures(a.id))), ctx.repos.waves.list()]);
  const mine = ctx.profile.municipalityCode && !ctx.shared ? municipalityByCode(ctx.profile.municipalityCode) : undefined;
  const codesOf = (a: Agreement) => concernedSet(a.concerns, waves).codes;
  const awaiting = open
    .map((a, i) => ({ a, s: signatures[i]! }))
    .filter(({ a, s }) => signatureProgress(s, codesOf(a)).missing > 0 && (!mine || codesOf(a).includes(mine.code)));
  const dated = byDeadline(awaiting.filter((x) => x.a.deadline).map((x) => ({ ...x, deadline: x.a.deadline! })), today);
  // "Hurtigst muligt" is due now and comes first; one sent without a deadline comes after the dated ones.
  const asap = awaiting.filter((x) => deadlineKind(x.a) === 'asap');
  const none = awaiting.filter((x) => deadlineKind(x.a) === 'none');
  const items = [...asap, ...dated, ...none].map(({ a, s }: { a: Agreement; s: Signature[] }): ListItem => {
    const p = signatureProgress(s, codesOf(a));
    const deadline = a.deadline
      ? `${t(lang, 'Frist', 'Deadline')} ${formatDate(a.deadline, lang)}`
      : deadlineKind(a) === 'none'
        ? t(lang, 'Ingen frist', 'No deadline')
        : t(lang, 'Frist: hurtigst muligt', 'Deadline: as soon as possible');
    return {
      heading: a.title,
      detail: `${names.get(a.solutionId) ?? a.solutionId} · ${AGREEMENT_KIND_LABELS[a.kind][lang]} · ${deadline}`,
      badge: t(lang, `${p.missing} af ${p.total} mangler`, `${p.missing} of ${p.total} missing`),
      badgeColor: a.deadline && daysUntil(a.deadline, ctx.clock) < 0 ? 'Attention' : 'Warning',
      ...(mine
        ? signedBy(s, mine.code)
          ? s.find((x) => x.municipalityCode === mine.code)?.state === 'declined'
            ? { note: t(lang, `${mine.name} har takket nej`, `${mine.name} has declined`), noteColor: 'Default' as const }
            : { note: t(lang, `${mine.name} har underskrevet`, `${mine.name} has signed`), noteColor: 'Good' as const }
          : {
              note: t(lang, `${mine.name} mangler at underskrive`, `${mine.name} has not signed`),
              noteColor: 'Attention' as const,
              action: { title: t(lang, 'Vi har underskrevet', 'We have signed'), verb: 'agreementSigned', agreementId: a.id },
            }
        : {}),
    };
  });
  return itemListCard({
    lang,
    list: 'agreements',
    title: t(lang, 'Aftaler der venter på underskrift', 'Agreements awaiting signature'),
    subtitle: ctx.shared ? ALL_MUNICIPALITIES[lang] : mine ? t(lang, `Med status for ${mine.name}`, `With the status of ${mine.name}`) : '',
    empty: t(lang, 'Ingen aftaler venter på underskrift.', 'No agreements are awaiting signature.'),
    items,
    notice: options.notice,
    page: options.page,
    tabUrl: ctx.tabUrl,
  });
}

/** The portfolio in one card: how many solutions per phase, open tasks, agreements, and what needs attention. */
export async function portfolioCard(ctx: ListContext): Promise<AdaptiveCard> {
  const lang = ctx.profile.language;
  const today = todayIn(ctx.clock);
  const [solutions, tasks, agreements, budget] = await Promise.all([ctx.repos.solutions.list(), ctx.repos.klikTasks.list(), ctx.repos.agreements.list(), ctx.repos.budget.latest()]);
  const upcomingTasks = tasks.filter((x) => daysUntil(x.deadline, ctx.clock) >= 0);
  const critical = upcomingTasks.filter((x: KlikTask) => x.type === 'criticalPath' && daysUntil(x.deadline, ctx.clock) <= 30);
  const openAgreements = agreements.filter((a) => !a.closed);
  const delayed = solutions.filter((s) => s.status !== 'onTrack');
  return renderCard(PORTFOLIO_SUMMARY, {
    title: t(lang, 'KOMBITs portefølje', 'KOMBIT\'s portfolio'),
    subtitle: t(lang, `Status pr. ${formatDate(today, lang)}`, `Status as of ${formatDate(today, lang)}`),
    figures: [
      { label: t(lang, 'Løsninger', 'Solutions'), value: String(solutions.length) },
      { label: t(lang, 'KLIK-opgaver med kommende frist', 'KLIK tasks with upcoming deadline'), value: String(upcomingTasks.length) },
      { label: t(lang, 'Aftaler der ikke er lukket', 'Agreements not closed'), value: String(openAgreements.length) },
      // The budget guide's own total, not a sum over the solutions: its items need not add up to it.
      ...(budget
        ? [
            { label: t(lang, `Driftsbidrag ${budget.year} i alt`, `Operating contributions ${budget.year} in total`), value: `${formatKroner(budget.totalPerCitizen, lang)} ${t(lang, 'pr. borger', 'per citizen')}` },
            ...(budget.buffer !== undefined ? [{ label: t(lang, 'Heraf foreslået buffer', 'Of which suggested buffer'), value: `${formatKroner(budget.buffer, lang)} ${t(lang, 'pr. borger', 'per citizen')}` }] : []),
            { label: t(lang, 'Kilde', 'Source'), value: budget.source },
          ]
        : []),
    ],
    phaseHeading: t(lang, 'Løsninger pr. fase', 'Solutions by phase'),
    phases: PHASES.map((p) => ({ label: PHASE_LABELS[p][lang], value: String(solutions.filter((s) => s.phase === p).length) })).filter((x) => x.value !== '0'),
    attentionHeading: t(lang, 'Kræver opmærksomhed', 'Needs attention'),
    attention: [
      ...critical.map((x) => ({ text: t(lang, `Kritisk vej: ${x.title} (frist ${formatDate(x.deadline, lang)})`, `Critical path: ${x.title} (deadline ${formatDate(x.deadline, lang)})`) })),
      ...delayed.slice(0, 5).map((s) => {
        const m = nextMilestone(s, today);
        const status = s.status === 'delayed' ? t(lang, 'forsinket', 'delayed') : t(lang, 'i risiko', 'at risk');
        // The date in its own words: a title ending in a number ("release 5.0") ran into the date.
        const milestone = m ? t(lang, ` – næste milepæl: ${m.title} (${formatDate(m.date, lang)})`, ` – next milestone: ${m.title} (${formatDate(m.date, lang)})`) : '';
        return { text: `${s.name}: ${status}${milestone}` };
      }),
    ].slice(0, 8),
    openTab: t(lang, 'Åbn porteføljeoversigten', 'Open the portfolio overview'),
    tabUrl: ctx.tabUrl,
  });
}
