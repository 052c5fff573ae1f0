import { DateTime } from 'luxon';
import type { AdaptiveCard } from '../conversation/turn.ts';
import { AGREE_SCALE, type AnswerValue, type Survey, type SurveyQuestion, type SurveyResponse } from '../domain/survey.ts';
import { formatLongDate } from '../domain/format.ts';
import { ZONE } from '../domain/time.ts';
import { municipalityByCode, officialName } from '../domain/municipality.ts';
import { inputId, otherInputId, OTHER_VALUE, type KeptInputs } from './surveyAnswers.ts';

/** The card actions' verbs. */
export const VERBS = { answer: 'surveyAnswer', edit: 'surveyEdit', view: 'surveyView', remind: 'surveyRemind', close: 'surveyClose' } as const;

/** "10. december 2026 kl. 16.00", in Danish time. */
export function danishTime(iso: string): string {
  return `${formatLongDate(iso)} kl. ${DateTime.fromISO(iso).setZone(ZONE).toFormat('HH.mm')}`;
}

/** How far the answers have come, as every card of the survey shows it. */
export interface Progress {
  readonly answered: number;
  /** Undefined when nobody can know (a survey posted in channels). */
  readonly expected?: number;
  readonly unit: 'persons' | 'municipalities';
}

/** "34 af 98 kommuner har svaret", "12 af 40 har svaret", "12 har svaret". */
export function progressText(p: Progress): string {
  if (p.expected === undefined) return `${p.answered} har svaret`;
  return p.unit === 'municipalities' ? `${p.answered} af ${p.expected} kommuner har svaret` : `${p.answered} af ${p.expected} har svaret`;
}

/** The person looking at the card: staff get "Påmind de manglende nu" and "Luk spørgeskemaet". */
export interface CardViewer {
  readonly staff: boolean;
  readonly municipalityCode?: string;
}

const envelope = (verb: string, surveyId: string) => ({ verb, surveyId });

function execute(title: string, verb: string, surveyId: string, options: { style?: 'positive' | 'destructive'; inputs?: 'auto' | 'none' } = {}) {
  const data = envelope(verb, surveyId);
  const associated = options.inputs === 'none' ? { associatedInputs: 'none' } : {};
  return {
    type: 'Action.Execute',
    title,
    verb,
    data,
    ...(options.style ? { style: options.style } : {}),
    ...associated,
    fallback: { type: 'Action.Submit', title, ...associated, data: { ...data, fallback: true } },
  };
}

const text = (value: string, extra: Record<string, unknown> = {}) => ({ type: 'TextBlock', text: value, wrap: true, ...extra });

function staffActions(survey: Survey, viewer: CardViewer) {
  if (!viewer.staff) return [];
  // Only people the app sent the survey to can be reminded: in a channel it cannot know who is missing.
  const canRemind = Boolean(survey.recipientCount);
  return [
    ...(canRemind ? [execute('Påmind de manglende nu', VERBS.remind, survey.id, { inputs: 'none' })] : []),
    {
      type: 'Action.ShowCard',
      title: 'Luk spørgeskemaet',
      card: {
        type: 'AdaptiveCard',
        body: [text('Luk spørgeskemaet nu? Der tages ikke flere svar imod.')],
        actions: [execute('Luk nu', VERBS.close, survey.id, { style: 'destructive', inputs: 'none' })],
      },
    },
  ];
}

function header(survey: Survey, progress: Progress): unknown[] {
  const who = survey.perMunicipality ? 'Ét svar pr. kommune: kommunens programledere ser, hvem der har svaret.' : survey.anonymous ? 'Dine svar er anonyme.' : 'Dit navn gemmes med dit svar.';
  return [
    text('Spørgeskema', { size: 'small', isSubtle: true, spacing: 'none' }),
    text(survey.title, { size: 'large', weight: 'bolder', spacing: 'small' }),
    ...(survey.intro ? [text(survey.intro)] : []),
    text(`${progressText(progress)} · ${survey.state === 'closed' ? `Lukket ${danishTime(survey.closedAt ?? survey.closesAt)}` : `Svarfrist ${danishTime(survey.closesAt)}`}`, { size: 'small', isSubtle: true }),
    text(who, { size: 'small', isSubtle: true, spacing: 'none' }),
  ];
}

function scaleChoices(q: Extract<SurveyQuestion, { type: 'scale' }>) {
  if (q.scale === 'agree') return AGREE_SCALE.map((title, i) => ({ title, value: String(i + 1) }));
  return [1, 2, 3, 4, 5].map((v) => ({ title: v === 1 && q.labels ? `1 – ${q.labels[0]}` : v === 5 && q.labels ? `5 – ${q.labels[1]}` : String(v), value: String(v) }));
}

function questionInputs(q: SurveyQuestion, n: number, kept: KeptInputs): unknown[] {
  const label = `${n}. ${q.text}${q.required ? '' : ' (valgfrit)'}`;
  const common = { id: inputId(q.id), label, isRequired: q.required, errorMessage: `Spørgsmål ${n} skal besvares`, ...(kept[inputId(q.id)] ? { value: kept[inputId(q.id)] } : {}) };
  if (q.type === 'text') return [{ type: 'Input.Text', ...common, isMultiline: q.long, maxLength: q.long ? 2000 : 200 }];
  if (q.type === 'scale') return [{ type: 'Input.ChoiceSet', ...common, style: 'expanded', choices: scaleChoices(q) }];
  const choices = [...q.choices.map((title, i) => ({ title, value: String(i + 1) })), ...(q.other ? [{ title: 'Andet', value: OTHER_VALUE }] : [])];
  const set = { type: 'Input.ChoiceSet', ...common, style: q.type === 'multi' || choices.length <= 6 ? 'expanded' : 'compact', ...(q.type === 'multi' ? { isMultiSelect: true } : {}), choices };
  if (!q.other) return [set];
  const other = { type: 'Input.Text', id: otherInputId(q.id), placeholder: 'Andet – skriv her', maxLength: 200, spacing: 'small', ...(kept[otherInputId(q.id)] ? { value: kept[otherInputId(q.id)] } : {}) };
  return [set, other];
}

/** Who gave a municipality's answer: "Aarhus Kommunes svar er givet af Anna Hansen 8. december 2026 kl. 10.14." */
export function answeredByText(response: SurveyResponse): string {
  const m = response.respondent?.municipalityCode ? municipalityByCode(response.respondent.municipalityCode) : undefined;
  const whose = m ? `${officialName(m)}s svar` : 'Svaret';
  return `${whose} er givet af ${response.respondent?.name ?? 'en programleder'} ${danishTime(response.submittedAt)}.`;
}

/**
 * The form: every question with its input, the problems of a refused answer on top, the inputs a
 * person already gave kept. Shared (channel) or a person's own (1:1 chat, or the answer to a click).
 */
export function surveyFormCard(data: { survey: Survey; progress: Progress; viewer: CardViewer; problems?: readonly string[]; kept?: KeptInputs; note?: string; municipalityAnswer?: SurveyResponse }): AdaptiveCard {
  const { survey, viewer } = data;
  const kept = data.kept ?? {};
  const body: unknown[] = [...header(survey, data.progress)];
  if (data.note) body.push(text(data.note, { color: 'accent', weight: 'bolder' }));
  if (data.municipalityAnswer) body.push(text(`${answeredByText(data.municipalityAnswer)} Sender du, erstatter dit svar kommunens.`, { color: 'good' }));
  if (data.problems?.length) body.push({ type: 'Container', style: 'attention', items: [text('Dit svar er ikke gemt.', { weight: 'bolder' }), ...data.problems.map((p) => text(p))] });
  survey.questions.forEach((q, i) => body.push({ type: 'Container', spacing: 'medium', items: questionInputs(q, i + 1, kept) }));
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    actions: [execute('Send', VERBS.answer, survey.id, { style: 'positive' }), ...staffActions(survey, viewer)],
  };
}

function answerText(q: SurveyQuestion, value: AnswerValue | undefined, other: string | undefined): string {
  if (value === undefined) return '–';
  if (q.type === 'scale') return q.scale === 'agree' ? (AGREE_SCALE[Number(value) - 1] ?? String(value)) : String(value);
  const listed = Array.isArray(value) ? value.join(', ') : String(value);
  return other ? `${listed}: ${other}` : listed;
}

/** A person's (or their municipality's) answer, question by question. */
function answerFacts(survey: Survey, response: SurveyResponse): unknown {
  return {
    type: 'Container',
    items: survey.questions.flatMap((q, i) => [
      text(`${i + 1}. ${q.text}`, { weight: 'bolder', spacing: 'medium' }),
      text(answerText(q, response.answers[q.id], response.other?.[q.id]), { spacing: 'none' }),
    ]),
  };
}

/** "Tak! Dit svar er gemt" with the answer and, while open, "Ret mit svar". Only the person (or their municipality's leaders) see it. */
export function surveyAnsweredCard(data: { survey: Survey; progress: Progress; viewer: CardViewer; response: SurveyResponse; note?: string; open: boolean }): AdaptiveCard {
  const { survey, response, viewer } = data;
  const title = survey.perMunicipality ? answeredByText(response) : `Dit svar er gemt ${danishTime(response.submittedAt)}.`;
  const body: unknown[] = [...header(survey, data.progress), text(data.open ? 'Tak! Dit svar er gemt' : 'Dit svar', { weight: 'bolder', color: 'good', size: 'medium' }), text(title, { spacing: 'none' })];
  if (data.note) body.push(text(data.note, { color: 'accent' }));
  body.push(answerFacts(survey, response));
  const actions = data.open ? [execute('Ret mit svar', VERBS.edit, survey.id, { inputs: 'none' }), ...staffActions(survey, viewer)] : [];
  return { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body, ...(actions.length ? { actions } : {}) };
}

/** The closed state: the survey takes no more answers; the person's own answer (if any) stays visible to them. */
export function surveyClosedCard(data: { survey: Survey; progress: Progress; response?: SurveyResponse; note?: string }): AdaptiveCard {
  const { survey } = data;
  const body: unknown[] = [...header(survey, data.progress), text('Spørgeskemaet er lukket. Tak til alle, der svarede.', { weight: 'bolder' })];
  if (data.note) body.push(text(data.note, { color: 'attention' }));
  if (data.response) body.push(text(survey.perMunicipality ? answeredByText(data.response) : 'Dit svar:', { spacing: 'medium' }), answerFacts(survey, data.response));
  return { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body };
}

/** Before the opening time. */
export function surveyNotOpenCard(survey: Survey, progress: Progress): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [...header(survey, progress), text(survey.opensAt ? `Spørgeskemaet åbner ${danishTime(survey.opensAt)}.` : 'Spørgeskemaet er ikke åbnet endnu.', { weight: 'bolder' })],
  };
}

/** Teams refreshes the shared card into each person's own view (chats of up to 60 members). Only the posted card may carry it. */
export function withRefresh(card: AdaptiveCard, surveyId: string): AdaptiveCard {
  const data = envelope(VERBS.view, surveyId);
  return { ...card, refresh: { action: { type: 'Action.Execute', title: 'Opdater', verb: VERBS.view, data, fallback: { type: 'Action.Submit', title: 'Opdater', data: { ...data, fallback: true } } } } };
}
