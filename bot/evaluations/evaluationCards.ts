import { DateTime } from 'luxon';
import type { AdaptiveCard } from '../conversation/turn.ts';
import { LIKERT_SCALE, type Evaluation, type EvaluationResponse } from '../domain/evaluation.ts';
import { formatDate, formatNumber, formatPercent, type Language } from '../domain/language.ts';
import type { Meeting } from '../domain/meeting.ts';
import { ZONE } from '../domain/time.ts';
import { CardTemplate, renderCard } from '../cards/render.ts';
import { t } from '../cards/strings.ts';
import { answerInputId, type AnswerProblems, type KeptInputs } from './evaluationAnswers.ts';
import type { EvaluationResults } from './evaluationResults.ts';
import { MIN_RESPONSES_FOR_RESULTS } from './anonymity.ts';

/** The evaluation's three cards; `EvaluationService` prepares them when an evaluation starts. */
export const TEMPLATES = {
  form: new CardTemplate(new URL('./evaluationForm.json', import.meta.url)),
  thanks: new CardTemplate(new URL('./evaluationThanks.json', import.meta.url)),
  results: new CardTemplate(new URL('./evaluationResults.json', import.meta.url)),
};

/** The verb Teams calls to refresh the shared card into a person's own view (their answer, or the results). */
export const VIEW_VERB = 'evaluationView';

/** Comments shown on the final card; the rest are in the tab and the CSV (Teams refuses cards over ~28 KB). */
const MAX_COMMENTS_ON_CARD = 25;
const MAX_COMMENT_ON_CARD = 250;

/** Bar colours per scale value: red for disagree through green for agree. */
const BAR_STYLES = ['attention', 'warning', 'emphasis', 'accent', 'good'] as const;
const LEGEND_COLORS = ['Attention', 'Warning', 'Default', 'Accent', 'Good'] as const;

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** "1, 2 og 4" / "1, 2 and 4". */
function listOf(numbers: readonly number[], lang: Language): string {
  if (numbers.length <= 1) return numbers.join('');
  return `${numbers.slice(0, -1).join(', ')} ${t(lang, 'og', 'and')} ${numbers[numbers.length - 1]}`;
}

function scaleLabel(value: number, lang: Language): string {
  return LIKERT_SCALE.find((s) => s.value === value)?.label[lang] ?? String(value);
}

/** "Evaluering · Programledermøde november 2026 · 23-11-2026". */
function heading(evaluation: Evaluation, meeting: Meeting | undefined, lang: Language): string {
  const title = meeting?.title ?? evaluation.meetingId;
  return [t(lang, 'Evaluering', 'Evaluation'), title, meeting ? formatDate(meeting.date, lang) : ''].filter(Boolean).join(' · ');
}

/** A time in Danish time: "kl. 11:45" today, "24-11-2026 kl. 11:45" another day. */
function when(iso: string, lang: Language, now: Date): string {
  const at = DateTime.fromISO(iso).setZone(ZONE);
  const today = DateTime.fromJSDate(now).setZone(ZONE).toISODate();
  const time = lang === 'da' ? `kl. ${at.toFormat('HH:mm')}` : `at ${at.toFormat('HH:mm')}`;
  return at.toISODate() === today ? time : `${formatDate(at.toISODate()!, lang)} ${time}`;
}

function percent(rate: number, lang: Language): string {
  return formatPercent(rate, lang);
}

/** "12 af 75 deltagere har svaret (16 %)", "12 har svaret", "Ingen har svaret endnu". */
export function responseCountText(count: number, participants: number | null, lang: Language, closed: boolean): string {
  if (count === 0) return closed ? t(lang, 'Ingen nåede at svare.', 'Nobody answered.') : t(lang, 'Ingen har svaret endnu.', 'Nobody has answered yet.');
  if (participants) {
    const rate = percent(count / participants, lang);
    return closed
      ? t(lang, `${count} af ${participants} deltagere svarede (${rate}).`, `${count} of ${participants} participants answered (${rate}).`)
      : t(lang, `${count} af ${participants} deltagere har svaret (${rate}).`, `${count} of ${participants} participants have answered (${rate}).`);
  }
  if (closed) return t(lang, count === 1 ? '1 svar.' : `${count} svar.`, count === 1 ? '1 answer.' : `${count} answers.`);
  return t(lang, `${count} har svaret.`, count === 1 ? '1 person has answered.' : `${count} people have answered.`);
}

const closeLabels = (lang: Language) => ({
  close: t(lang, 'Luk evaluering', 'Close evaluation'),
  closeConfirm: t(
    lang,
    'Kun for KOMBIT-medarbejdere. Når evalueringen er lukket, kan der ikke længere svares, og kortet viser resultatet for alle.',
    'For KOMBIT staff only. Once the evaluation is closed, nobody can answer any more and the card shows the results to everyone.',
  ),
  closeNow: t(lang, 'Luk nu', 'Close now'),
});

/** What the answer form shows: to everybody (the shared card), or to one person (with their error or earlier answer). */
export interface FormCardData {
  readonly evaluation: Evaluation;
  readonly meeting?: Meeting;
  readonly lang: Language;
  readonly now: Date;
  /** Responses so far; undefined leaves the count out (a person's own form). */
  readonly responseCount?: number;
  /** Averages to show while open ("vis resultater løbende"); empty for none. */
  readonly live?: EvaluationResults['statements'];
  /** Whether "Luk evaluering" is offered (everyone on the shared card, staff in their own view). */
  readonly canClose: boolean;
  /**
   * The shared card: it explains that people who answered can change their answer, and offers
   * "Ret mit svar", which answers each person with their own stored answer. Where Teams does not
   * refresh the card into each person's own view (more than 60 members), every update of the
   * shared card puts this form back in front of people who have answered; the button is their way
   * back to what they answered, and the card itself never says who did.
   */
  readonly shared: boolean;
  /** A line above the statements in a person's own form (e.g. that they have not answered yet). */
  readonly note?: string;
  readonly problems?: AnswerProblems;
  /** Values to put back in the form: after an error, or the person's stored answer for "Ret mit svar". */
  readonly kept?: KeptInputs;
}

/** The evaluation form: the statements with five choices each, an optional comment, and "Send". */
export function evaluationFormCard(data: FormCardData): AdaptiveCard {
  const { evaluation, lang } = data;
  const errorLines: string[] = [];
  if (data.problems?.missing.length) {
    errorLines.push(t(lang, `Du mangler at svare på udsagn ${listOf(data.problems.missing, lang)}.`, `Please answer ${data.problems.missing.length > 1 ? 'statements' : 'statement'} ${listOf(data.problems.missing, lang)}.`));
  }
  if (data.problems?.offScale.length) {
    const many = data.problems.offScale.length > 1;
    errorLines.push(
      t(
        lang,
        `${many ? 'Svarene' : 'Svaret'} på udsagn ${listOf(data.problems.offScale, lang)} ligger uden for skalaen. Vælg et svar fra Helt uenig til Helt enig.`,
        `${many ? 'The answers to statements' : 'The answer to statement'} ${listOf(data.problems.offScale, lang)} ${many ? 'are' : 'is'} off the scale. Choose from Strongly disagree to Strongly agree.`,
      ),
    );
  }
  if (errorLines.length) errorLines.push(t(lang, 'Dine andre svar står der stadig. Vælg et svar ved hvert udsagn, og tryk Send igen.', 'Your other answers are still there. Choose an answer for every statement and press Send again.'));

  const status: string[] = [];
  if (data.responseCount !== undefined) status.push(responseCountText(data.responseCount, data.meeting?.participantCount || null, lang, false));
  if (evaluation.closesAt) status.push(t(lang, `Evalueringen lukker ${when(evaluation.closesAt, lang, data.now)}.`, `The evaluation closes ${when(evaluation.closesAt, lang, data.now)}.`));

  return renderCard(TEMPLATES.form, {
    heading: heading(evaluation, data.meeting, lang),
    title: t(lang, 'Hvor enig eller uenig er du i følgende udsagn?', 'How much do you agree or disagree with these statements?'),
    note: data.note ?? '',
    error: errorLines.length ? t(lang, 'Dit svar er ikke gemt endnu', 'Your answer has not been saved yet') : '',
    errorLines,
    questions: evaluation.questions.map((q, i) => ({ inputId: answerInputId(q.id), label: `${i + 1}. ${q.text}`, value: data.kept?.values[q.id] ?? '' })),
    scale: LIKERT_SCALE.map((s) => ({ title: s.label[lang], value: String(s.value) })),
    allowComment: evaluation.allowComment,
    comment: data.kept?.comment ?? '',
    status: status.join(' '),
    live: (data.live ?? []).filter((s) => s.average !== null).map((s, i) => ({ text: `${i + 1}. ${shorten(s.text, 80)}`, average: formatNumber(s.average!, lang, 1) })),
    hint: data.shared
      ? t(lang, 'Har du allerede svaret? Så er dit svar gemt. Tryk Ret mit svar for at se og rette det – dit seneste svar gælder.', 'Already answered? Then your answer is saved. Press Change my answer to see and change it – your latest answer counts.')
      : '',
    offerEdit: data.shared,
    canClose: data.canClose,
    evaluationId: evaluation.id,
    labels: {
      required: t(lang, 'Vælg et svar', 'Choose an answer'),
      comment: t(lang, 'Kommentar (valgfri)', 'Comment (optional)'),
      commentPlaceholder: t(lang, 'Hvad skal vi gøre mere af – eller mindre af?', 'What should we do more of – or less of?'),
      anonymity: t(lang, 'Svarene er anonyme: resultaterne viser aldrig, hvem der har svaret hvad.', 'Answers are anonymous: the results never show who answered what.'),
      liveTitle: t(lang, 'Gennemsnit indtil nu (1 = Helt uenig, 5 = Helt enig)', 'Averages so far (1 = Strongly disagree, 5 = Strongly agree)'),
      send: t(lang, 'Send', 'Send'),
      edit: t(lang, 'Ret mit svar', 'Change my answer'),
      ...closeLabels(lang),
    },
  });
}

/**
 * The shared card with `refresh`: in chats of up to 60 members Teams turns it into each person's
 * own view by itself. Never put it on a card that answers an action (see sharedEvaluationCard).
 */
export function withRefresh(card: AdaptiveCard, evaluationId: string): AdaptiveCard {
  const data = { verb: VIEW_VERB, evaluationId };
  return { ...card, refresh: { action: { type: 'Action.Execute', title: 'Opdater', verb: VIEW_VERB, data, fallback: { type: 'Action.Submit', title: 'Opdater', data } } } };
}

/** "Tak! Dit svar er gemt" with the person's answers and "Ret mit svar": only the person who answered sees it. */
export function evaluationThanksCard(data: { evaluation: Evaluation; meeting?: Meeting; lang: Language; response: EvaluationResponse; note?: string; canClose: boolean }): AdaptiveCard {
  const { evaluation, lang, response } = data;
  return renderCard(TEMPLATES.thanks, {
    heading: heading(evaluation, data.meeting, lang),
    title: t(lang, 'Tak! Dit svar er gemt', 'Thank you! Your answer has been saved'),
    note: data.note ?? '',
    answers: evaluation.questions.map((q, i) => ({ label: `${i + 1}. ${q.text}`, answer: response.answers[q.id] ? scaleLabel(response.answers[q.id]!, lang) : '–' })),
    comment: response.comment ?? '',
    hint: t(lang, 'Du kan rette dit svar, indtil evalueringen lukker. Svarene er anonyme.', 'You can change your answer until the evaluation closes. Answers are anonymous.'),
    canClose: data.canClose,
    evaluationId: evaluation.id,
    labels: {
      yourAnswers: t(lang, 'Dine svar', 'Your answers'),
      yourComment: t(lang, 'Din kommentar', 'Your comment'),
      edit: t(lang, 'Ret mit svar', 'Change my answer'),
      ...closeLabels(lang),
    },
  });
}

/** The results: the final card once closed, per statement the average, a distribution bar and counts, then the comments. */
export function evaluationResultsCard(data: { evaluation: Evaluation; meeting?: Meeting; results: EvaluationResults; lang: Language; now: Date; note?: { text: string; tone: 'attention' | 'good' } }): AdaptiveCard {
  const { results, lang } = data;
  const closed = results.state === 'closed';
  const comments = results.comments.slice(0, MAX_COMMENTS_ON_CARD).map((c) => `“${shorten(c, MAX_COMMENT_ON_CARD)}”`);
  const more = results.comments.length - comments.length;
  return renderCard(TEMPLATES.results, {
    heading: heading(data.evaluation, data.meeting, lang),
    title: closed ? t(lang, 'Resultat af evalueringen', 'Evaluation results') : t(lang, 'Resultat indtil nu', 'Results so far'),
    note: data.note?.text ?? '',
    noteStyle: data.note?.tone === 'good' ? 'good' : 'attention',
    noteColor: data.note?.tone === 'good' ? 'Good' : 'Attention',
    summary: responseCountText(results.responseCount, results.participantCount, lang, closed),
    closedText: closed && results.closedAt ? t(lang, `Evalueringen blev lukket ${when(results.closedAt, lang, data.now)}.`, `The evaluation closed ${when(results.closedAt, lang, data.now)}.`) : '',
    statements: results.statements.map((s, i) => ({
      label: `${i + 1}. ${s.text}`,
      averageText:
        results.hidden === 'tooFew' && results.responseCount > 0
          ? t(lang, `Vises først ved mindst ${MIN_RESPONSES_FOR_RESULTS} svar, så ingen kan genkendes.`, `Shown from ${MIN_RESPONSES_FOR_RESULTS} answers, so no one can be identified.`)
          : s.average === null
          ? t(lang, 'Ingen svar', 'No answers')
          : t(lang, `Gennemsnit ${formatNumber(s.average, lang, 1)} af 5 · ${s.answered} svar`, `Average ${formatNumber(s.average, lang, 1)} of 5 · ${s.answered} answers`),
      bar: s.distribution.map((n, k) => ({ weight: String(n), style: BAR_STYLES[k] })).filter((b) => b.weight !== '0'),
      counts: s.distribution.map((n, k) => `${results.scale[k]!.label[lang]} ${n}`).join(' · '),
    })),
    // One colour key for the bars, above them: each square in its bar's colour, the words in the
    // default colour (readable on any card); the counts per statement are words only.
    colourKey: results.statements.some((s) => s.distribution.some((n) => n > 0))
      ? results.scale.flatMap((step, k) => [
          { text: `${k ? '   ' : ''}■`, color: LEGEND_COLORS[k] },
          { text: ` ${step.label[lang]}`, color: 'Default' },
        ])
      : [],
    comments,
    moreComments: more > 0 ? t(lang, `… og ${more} kommentarer mere i fanen og i CSV-filen.`, `… and ${more} more comments in the tab and the CSV file.`) : '',
    labels: { comments: t(lang, 'Kommentarer', 'Comments') },
  });
}
