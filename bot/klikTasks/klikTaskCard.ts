import type { AdaptiveCard } from '../conversation/turn.ts';
import { formatDate, formatDaysLeft, type Language } from '../domain/language.ts';
import { TASK_STATUS_LABELS, TASK_TYPE_LABELS, type KlikTask, type MunicipalityTaskStatus, type TaskProgress } from '../domain/klikTask.ts';
import { danishDateOf, daysUntil, type Clock } from '../domain/time.ts';
import { municipalityByCode, type Municipality } from '../domain/municipality.ts';
import { CardTemplate, renderCard, withUserRefresh } from '../cards/render.ts';
import type { CardReporter } from '../storage/notificationRepository.ts';
import { t } from '../cards/strings.ts';
import { statusDifference } from '../domain/klikStatus.ts';

const KLIK_TASK_TEMPLATE = new CardTemplate(new URL('./klikTaskCard.json', import.meta.url));

const TYPE_LOOK = {
  criticalPath: { style: 'attention', color: 'Attention' },
  mandatory: { style: 'warning', color: 'Warning' },
  recommended: { style: 'accent', color: 'Accent' },
} as const;

/** Who is looking at the card: nobody in particular (a shared channel card) or a person with their municipality. */
export type Viewer =
  | { readonly kind: 'shared' }
  | { readonly kind: 'person'; readonly municipality?: Municipality; readonly status?: MunicipalityTaskStatus };

/** The data of the KLIK task card. */
export interface KlikTaskCardData {
  readonly task: KlikTask;
  readonly solutionName: string;
  readonly progress: TaskProgress;
  readonly viewer: Viewer;
  readonly lang: Language;
  readonly clock: Clock;
  /** A short confirmation shown to the person who just clicked. */
  readonly note?: string;
  /** After a report in Teams: the reminder that KLIK is where the status counts, shown with a button to the task in KLIK. */
  readonly klikNote?: string;
  /**
   * The shared card only: who reported on it, the latest first. Their municipalities' statuses
   * are shown, and Teams is asked to refresh the card into each one's own view, so an update of
   * the shared card never takes a clicker's confirmation away.
   */
  readonly reporters?: readonly CardReporter[];
  /** The 98 statuses, for the reporters' lines on the shared card. */
  readonly statuses?: readonly MunicipalityTaskStatus[];
  /** The card's heading when it is not the announcement of a new task (a reminder). */
  readonly heading?: string;
}

/** The verb of the shared card's `refresh` (see {@link KlikTaskCardData.reporters}). */
export const KLIK_TASK_VIEW_VERB = 'klikTaskView';
const MAX_REFRESH_USERS = 60;
const MAX_SHOWN_REPORTS = 5;

/**
 * "Lyngby-Taarbæk: Påbegyndt – meldt af Anna Hansen 23-11-2026", the date in Danish time. Once
 * KLIK's status is imported it is named as such, and where the report in Teams differs, both are
 * shown: "meldt i Teams: Fuldført" beside "status i KLIK: Påbegyndt (pr. 23-11-2026)".
 */
export function statusLine(municipality: Municipality, status: MunicipalityTaskStatus | undefined, lang: Language): string {
  const own = status?.status ?? 'notStarted';
  const when = status?.updatedAt ? formatDate(danishDateOf(status.updatedAt), lang) : '';
  const difference = statusDifference(status);
  if (difference) {
    const by = difference.reportedBy && when ? ` (${difference.reportedBy} ${when})` : '';
    const flag = difference.check === 'contradicted'
      ? t(lang, ' – KLIK viser ikke det, der er meldt i Teams', ' – KLIK does not show what was reported in Teams')
      : difference.check === 'awaitingKlik' ? t(lang, ' – meldt efter udtrækket fra KLIK', ' – reported after the KLIK export') : '';
    return t(
      lang,
      `${municipality.name} – meldt i Teams: ${TASK_STATUS_LABELS[difference.reported].da}${by} · status i KLIK: ${TASK_STATUS_LABELS[difference.klik].da} (pr. ${formatDate(difference.exportDate, lang)})${flag}`,
      `${municipality.name} – reported in Teams: ${TASK_STATUS_LABELS[difference.reported].en}${by} · status in KLIK: ${TASK_STATUS_LABELS[difference.klik].en} (as of ${formatDate(difference.exportDate, lang)})${flag}`,
    );
  }
  if (status?.klikStatus !== undefined && status.klikExportDate) {
    const exported = formatDate(status.klikExportDate, lang);
    const reported = status.reportedStatus && status.updatedBy && when
      ? t(lang, ` – meldt i Teams af ${status.updatedBy} ${when} og bekræftet i KLIK pr. ${exported}`, ` – reported in Teams by ${status.updatedBy} ${when} and confirmed in KLIK as of ${exported}`)
      : t(lang, ` – status i KLIK pr. ${exported}`, ` – status in KLIK as of ${exported}`);
    return `${municipality.name}: ${TASK_STATUS_LABELS[own][lang]}${reported}`;
  }
  const by = status?.updatedBy && when ? t(lang, ` – meldt af ${status.updatedBy} ${when}`, ` – reported by ${status.updatedBy} ${when}`) : '';
  return `${municipality.name}: ${TASK_STATUS_LABELS[own][lang]}${by}`;
}

const STATUS_COLOR = { done: 'Good', started: 'Warning', notStarted: 'Attention' } as const;

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** The card for a KLIK task: type badge, dates, role, progress over the 98, and the viewer's status with buttons. */
export function klikTaskCard(data: KlikTaskCardData): AdaptiveCard {
  const { task, progress, viewer, lang } = data;
  const days = daysUntil(task.deadline, data.clock);
  const look = TYPE_LOOK[task.type];
  const own = viewer.kind === 'person' && viewer.municipality ? (viewer.status?.status ?? 'notStarted') : undefined;
  const bar = [
    { weight: progress.done, style: 'good' },
    { weight: progress.started, style: 'warning' },
    { weight: progress.notStarted, style: 'emphasis' },
  ].filter((b) => b.weight > 0).map((b) => ({ ...b, weight: String(b.weight) }));
  let viewerText = '';
  let viewerHint = '';
  if (viewer.kind === 'person' && viewer.municipality && own) {
    viewerText = statusLine(viewer.municipality, viewer.status, lang);
  } else if (viewer.kind === 'person') {
    viewerHint = t(lang, 'Skriv "kommune [navn]" til mig, så kan du melde din kommunes status her.', 'Type "municipality [name]" to me to report your municipality\'s status here.');
  } else {
    viewerHint = t(lang, 'Meld jeres kommunes status med knapperne. Jeg bruger den kommune, du har valgt hos mig.', 'Report your municipality\'s status with the buttons. I use the municipality you chose with me.');
  }
  const recent: { text: string; color: string }[] = [];
  if (viewer.kind === 'shared') {
    const seen = new Set<string>();
    for (const reporter of data.reporters ?? []) {
      const municipality = municipalityByCode(reporter.municipalityCode);
      if (!municipality || seen.has(municipality.code)) continue;
      seen.add(municipality.code);
      const status = data.statuses?.find((s) => s.municipalityCode === municipality.code);
      recent.push({ text: statusLine(municipality, status, lang), color: STATUS_COLOR[status?.status ?? 'notStarted'] });
      if (recent.length === MAX_SHOWN_REPORTS) break;
    }
  }
  const card = renderCard(KLIK_TASK_TEMPLATE, {
    recentHeading: recent.length ? t(lang, 'Senest meldt på kortet', 'Recently reported on the card') : '',
    recent,
    heading: data.heading ?? t(lang, `Ny KLIK-opgave · ${data.solutionName}`, `New KLIK task · ${data.solutionName}`),
    title: task.title,
    typeLabel: TASK_TYPE_LABELS[task.type][lang],
    typeStyle: look.style,
    typeColor: look.color,
    start: formatDate(task.startDate, lang),
    deadline: `${formatDate(task.deadline, lang)} (${formatDaysLeft(days, lang)})`,
    role: task.responsibleRole,
    description: shorten(task.description, 400),
    progressText: t(
      lang,
      `${progress.done} fuldført · ${progress.started} påbegyndt · ${progress.notStarted} ikke påbegyndt (af ${progress.total} kommuner)`,
      `${progress.done} done · ${progress.started} started · ${progress.notStarted} not started (of ${progress.total} municipalities)`,
    ),
    bar,
    viewerText,
    viewerColor: own === 'done' ? 'Good' : own === 'started' ? 'Warning' : 'Attention',
    viewerHint,
    note: data.note ?? '',
    klikNote: data.klikNote ?? '',
    canReport: viewer.kind === 'shared' || Boolean(viewer.kind === 'person' && viewer.municipality && own !== 'done'),
    taskId: task.id,
    klikUrl: task.klikUrl ?? '',
    labels: {
      start: t(lang, 'Start', 'Start'),
      deadline: t(lang, 'Slutdato', 'Deadline'),
      role: t(lang, 'Rolle', 'Role'),
      started: t(lang, 'Vi er i gang', 'We have started'),
      done: t(lang, 'Fuldført', 'Done'),
      remind: t(lang, 'Påmind mig', 'Remind me'),
      remindLabel: t(lang, 'Hvor længe før fristen?', 'How long before the deadline?'),
      remindSave: t(lang, 'Gem påmindelse', 'Save reminder'),
      days1: t(lang, '1 dag før', '1 day before'),
      days3: t(lang, '3 dage før', '3 days before'),
      days7: t(lang, '7 dage før', '7 days before'),
      days14: t(lang, '14 dage før', '14 days before'),
      openKlik: t(lang, 'Åbn i KLIK', 'Open in KLIK'),
      openKlikTask: t(lang, 'Åbn opgaven i KLIK', 'Open the task in KLIK'),
    },
  });
  const userIds = viewer.kind === 'shared' ? [...new Set((data.reporters ?? []).map((r) => r.teamsUserId))].slice(0, MAX_REFRESH_USERS) : [];
  return userIds.length ? withUserRefresh(card, KLIK_TASK_VIEW_VERB, { taskId: task.id }, userIds) : card;
}
