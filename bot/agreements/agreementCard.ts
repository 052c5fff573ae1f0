import type { AdaptiveCard } from '../conversation/turn.ts';
import type { ConcernedSet } from '../domain/wave.ts';
import { formatDate, formatDaysLeft, type Language } from '../domain/language.ts';
import { AGREEMENT_KIND_LABELS, SIGNATURE_STATE_LABELS, SIGNING_CHANNEL_LABELS, signatureProgress, type Agreement, type Signature, type SignatureState } from '../domain/agreement.ts';
import { MUNICIPALITIES, municipalityByCode, type Municipality } from '../domain/municipality.ts';
import { daysUntil, type Clock } from '../domain/time.ts';
import { CardTemplate, renderCard, withUserRefresh } from '../cards/render.ts';
import { t } from '../cards/strings.ts';
import type { CardReporter } from '../storage/notificationRepository.ts';

const AGREEMENT_TEMPLATE = new CardTemplate(new URL('./agreementCard.json', import.meta.url));

const KIND_STYLE = { connection: 'accent', dataProcessing: 'warning', appendix: 'emphasis', rider: 'emphasis' } as const;

/** Who is looking: a shared channel card, or a person (with their municipality, if they chose one). */
export type AgreementViewer =
  | { readonly kind: 'shared' }
  | { readonly kind: 'person'; readonly municipality?: Municipality; readonly remindersOn: boolean };

/** What the agreement card shows. */
export interface AgreementCardData {
  readonly agreement: Agreement;
  readonly solutionName: string;
  readonly signatures: readonly Signature[];
  readonly viewer: AgreementViewer;
  readonly lang: Language;
  readonly clock: Clock;
  /** A line above the title, e.g. the reminder ("Påmindelse: fristen er i morgen"). */
  readonly intro?: string;
  readonly introColor?: 'Default' | 'Warning' | 'Attention';
  /** A short answer to the person who just clicked. */
  readonly note?: string;
  readonly noteColor?: 'Good' | 'Attention' | 'Default';
  /** Show the municipalities still missing (only when KOMBIT allows it for the agreement). */
  readonly showMissing?: boolean;
  /**
   * The shared card only: the people who reported on it, the latest first. Their municipalities'
   * answers are shown on the card, and Teams is asked to refresh it into each one's own view, so
   * an update of the shared card never takes a clicker's confirmation away.
   */
  readonly reporters?: readonly CardReporter[];
  /** The municipalities the agreement concerns, when not all 98: its progress and missing list count them only. */
  readonly scope?: ConcernedSet;
}

/** The verb of the shared card's `refresh`: Teams calls it for the people in `userIds` and shows them their own view. */
export const AGREEMENT_VIEW_VERB = 'agreementView';
/** Teams refreshes a card automatically for at most this many listed users. */
const MAX_REFRESH_USERS = 60;
/** Reports shown on the shared card; more would push the buttons down. */
const MAX_SHOWN_REPORTS = 5;

/** The municipalities that have not answered (neither signed nor declined), by name. */
export function missingMunicipalities(signatures: readonly Signature[], codes?: readonly string[]): Municipality[] {
  const answered = new Set(signatures.filter((s) => s.state !== 'missing').map((s) => s.municipalityCode));
  const inSet = codes ? new Set(codes) : undefined;
  return MUNICIPALITIES.filter((m) => !answered.has(m.code) && (!inSet || inSet.has(m.code))).sort((a, b) => a.name.localeCompare(b.name, 'da'));
}

/** "28-04-2023 (om 7 dage)" or "Hurtigst muligt". */
export function deadlineText(agreement: Agreement, lang: Language, clock: Clock): string {
  if (!agreement.deadline) return t(lang, 'Hurtigst muligt', 'As soon as possible');
  return `${formatDate(agreement.deadline, lang)} (${formatDaysLeft(daysUntil(agreement.deadline, clock), lang)})`;
}

/** "1 kommune" / "33 kommuner". */
export function municipalitiesText(n: number, lang: Language): string {
  return lang === 'en' ? `${n} ${n === 1 ? 'municipality' : 'municipalities'}` : `${n} ${n === 1 ? 'kommune' : 'kommuner'}`;
}

function viewerLine(signature: Signature | undefined, municipality: Municipality, lang: Language): { text: string; color: string } {
  const state = signature?.state ?? 'missing';
  if (state === 'missing') return { text: t(lang, `${municipality.name} mangler at underskrive.`, `${municipality.name} has not signed yet.`), color: 'Attention' };
  const date = signature?.signedDate ? ` ${formatDate(signature.signedDate, lang)}` : '';
  const by = signature?.selfReported
    ? t(lang, ` – meldt af ${signature.reportedBy ?? 'en programleder'}, afventer KOMBITs bekræftelse`, ` – reported by ${signature.reportedBy ?? 'a program leader'}, awaiting KOMBIT's confirmation`)
    : '';
  return { text: `${municipality.name}: ${SIGNATURE_STATE_LABELS[state][lang]}${state === 'declined' ? '' : date}${by}`, color: state === 'declined' ? 'Warning' : 'Good' };
}

/**
 * The agreement card: what it is, who must sign and how, the deadline, the signatures over the
 * 98 as a bar, and for a person their municipality's answer. "Vi har underskrevet" is offered
 * while the agreement is open and (for a person) their municipality has not answered.
 */
export function agreementCard(data: AgreementCardData): AdaptiveCard {
  const { agreement, signatures, viewer, lang, clock } = data;
  const scope = data.scope && !data.scope.all ? data.scope : undefined;
  const progress = signatureProgress(signatures, scope?.codes);
  const reservations = signatures.filter((s) => s.state === 'signedWithReservations').length;
  const bar = [
    { weight: progress.signed, style: 'good' },
    { weight: progress.declined, style: 'attention' },
    { weight: progress.missing, style: 'emphasis' },
  ].filter((b) => b.weight > 0).map((b) => ({ ...b, weight: String(b.weight) }));

  const facts = [
    ...(agreement.sentDate ? [{ label: t(lang, 'Udsendt', 'Sent'), value: formatDate(agreement.sentDate, lang) }] : []),
    ...(agreement.recipients.length ? [{ label: t(lang, 'Udsendt til', 'Sent to'), value: agreement.recipients.join(', ') }] : []),
    { label: t(lang, 'Underskrift', 'Signing'), value: SIGNING_CHANNEL_LABELS[agreement.signingChannel][lang] },
    { label: t(lang, 'Frist', 'Deadline'), value: deadlineText(agreement, lang, clock) },
  ];

  let viewerText = '';
  let viewerColor = 'Default';
  let viewerHint = '';
  let own: SignatureState | undefined;
  if (viewer.kind === 'person' && viewer.municipality) {
    const signature = signatures.find((s) => s.municipalityCode === viewer.municipality!.code);
    own = signature?.state ?? 'missing';
    ({ text: viewerText, color: viewerColor } = viewerLine(signature, viewer.municipality, lang));
  } else if (viewer.kind === 'person') {
    viewerHint = t(lang, 'Skriv "kommune <navn>" til mig, så kan du melde jeres underskrift her.', 'Type "municipality <name>" to me to report your signature here.');
  } else if (!agreement.closed) {
    viewerHint = t(
      lang,
      'Har jeres kommune underskrevet? Tryk "Vi har underskrevet" – jeg bruger den kommune, du har valgt hos mig, og KOMBIT bekræfter bagefter.',
      'Has your municipality signed? Press "We have signed" – I use the municipality you chose with me, and KOMBIT confirms afterwards.',
    );
  }

  const recent: { text: string; color: string }[] = [];
  if (viewer.kind === 'shared') {
    const seen = new Set<string>();
    for (const reporter of data.reporters ?? []) {
      const municipality = municipalityByCode(reporter.municipalityCode);
      const signature = signatures.find((s) => s.municipalityCode === reporter.municipalityCode);
      if (!municipality || seen.has(municipality.code) || !signature || signature.state === 'missing') continue;
      seen.add(municipality.code);
      recent.push(viewerLine(signature, municipality, lang));
      if (recent.length === MAX_SHOWN_REPORTS) break;
    }
  }

  const missing = data.showMissing && agreement.showMissingList ? missingMunicipalities(signatures, scope?.codes) : [];
  const signedText = reservations
    ? t(lang, `${progress.signed} underskrevet (heraf ${reservations} med forbehold)`, `${progress.signed} signed (${reservations} with reservations)`)
    : t(lang, `${progress.signed} underskrevet`, `${progress.signed} signed`);
  const card = renderCard(AGREEMENT_TEMPLATE, {
    recentHeading: recent.length ? t(lang, 'Senest meldt på kortet', 'Recently reported on the card') : '',
    recent,
    heading: t(lang, `Aftale til underskrift · ${data.solutionName}`, `Agreement to sign · ${data.solutionName}`),
    intro: data.intro ?? '',
    introColor: data.introColor ?? 'Default',
    title: agreement.title,
    kindLabel: AGREEMENT_KIND_LABELS[agreement.kind][lang],
    kindStyle: KIND_STYLE[agreement.kind],
    facts,
    progressText: t(
      lang,
      `${signedText} · ${progress.declined} takket nej · ${progress.missing} mangler (af ${progress.total} kommuner${scope ? `: ${scope.label}` : ''})`,
      `${signedText} · ${progress.declined} declined · ${progress.missing} missing (of ${progress.total} municipalities${scope ? `: ${scope.label}` : ''})`,
    ),
    bar,
    closedText: agreement.closed ? t(lang, 'KOMBIT har lukket aftalen. Der skal ikke meldes flere underskrifter.', 'KOMBIT has closed the agreement. No more signatures are needed.') : '',
    viewerText,
    viewerColor,
    viewerHint,
    missingHeading: t(lang, `Mangler at underskrive (${missing.length})`, `Not signed yet (${missing.length})`),
    missingText: missing.length ? missing.map((m) => m.name).join(', ') : data.showMissing && agreement.showMissingList ? t(lang, 'Ingen – alle har svaret.', 'None – everyone has answered.') : '',
    note: data.note ?? '',
    noteColor: data.noteColor ?? 'Good',
    canSign: !agreement.closed && (viewer.kind === 'shared' || own === 'missing'),
    canShowMissing: agreement.showMissingList && !data.showMissing,
    reminderToggle: viewer.kind === 'person' && viewer.municipality && !agreement.closed && agreement.deadline && own === 'missing' ? (viewer.remindersOn ? 'off' : 'on') : '',
    agreementId: agreement.id,
    labels: {
      signed: t(lang, 'Vi har underskrevet', 'We have signed'),
      showMissing: t(lang, 'Vis manglende kommuner', 'Show missing municipalities'),
      remindersOff: t(lang, 'Stop påmindelser om denne aftale', 'Stop reminders about this agreement'),
      remindersOn: t(lang, 'Start påmindelser om denne aftale igen', 'Resume reminders about this agreement'),
    },
  });
  const userIds = viewer.kind === 'shared' ? [...new Set((data.reporters ?? []).map((r) => r.teamsUserId))].slice(0, MAX_REFRESH_USERS) : [];
  return userIds.length ? withUserRefresh(card, AGREEMENT_VIEW_VERB, { agreementId: agreement.id }, userIds) : card;
}
