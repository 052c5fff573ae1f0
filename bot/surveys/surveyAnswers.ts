import { LIMITS, type AnswerValue, type Survey, type SurveyQuestion } from '../domain/survey.ts';

/** The card's input for a question, and for the text beside its "Andet". Prefixed so no question can collide with `verb` or `surveyId`. */
export const inputId = (questionId: string) => `q_${questionId}`;
export const otherInputId = (questionId: string) => `o_${questionId}`;
/** The value of the "Andet" choice in a choice set (the others are their 1-based numbers). */
export const OTHER_VALUE = 'andet';

/** The raw inputs, to put back in the card when something is missing. */
export type KeptInputs = Readonly<Record<string, string>>;

export type ParsedSurveyAnswer =
  | { readonly kind: 'ok'; readonly answers: Record<string, AnswerValue>; readonly other: Record<string, string> }
  /** Something the person can fix: the form comes back with their inputs kept and the problems named. */
  | { readonly kind: 'incomplete'; readonly problems: readonly string[]; readonly kept: KeptInputs }
  /** Data the card cannot have produced. */
  | { readonly kind: 'tampered'; readonly reason: string };

// Line breaks stay (long texts); other control characters have no place in cards or spreadsheets.
const clean = (text: string) => text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();

type One = { value?: AnswerValue; other?: string } | { problem: string } | { tampered: string };

function readQuestion(q: SurveyQuestion, n: number, raw: unknown, rawOther: unknown): One {
  if (raw !== undefined && raw !== null && typeof raw !== 'string' && typeof raw !== 'number') return { tampered: `not a value for ${q.id}` };
  const text = raw === undefined || raw === null ? '' : String(raw).trim();
  if (q.type === 'text') {
    const max = q.long ? LIMITS.longText : LIMITS.shortText;
    if (text.length > max) return { tampered: `text too long for ${q.id}` };
    const value = clean(text);
    return value ? { value } : {};
  }
  if (!text) return {};
  if (q.type === 'scale') {
    if (!/^[1-5]$/.test(text)) return { tampered: `off the scale for ${q.id}` };
    return { value: Number(text) };
  }
  const picked = q.type === 'multi' ? [...new Set(text.split(',').map((s) => s.trim()).filter(Boolean))] : [text];
  if (q.type === 'single' && picked.length !== 1) return { tampered: `several choices for ${q.id}` };
  const choices: string[] = [];
  let other: string | undefined;
  for (const value of picked) {
    if (value === OTHER_VALUE && q.other) {
      if (rawOther !== undefined && rawOther !== null && typeof rawOther !== 'string') return { tampered: `other is not text for ${q.id}` };
      if (typeof rawOther === 'string' && rawOther.length > LIMITS.shortText) return { tampered: `other too long for ${q.id}` };
      other = clean(rawOther ?? '');
      if (!other) return { problem: `Spørgsmål ${n}: skriv, hvad »Andet« dækker over.` };
      choices.push('Andet');
      continue;
    }
    const index = /^\d{1,2}$/.test(value) ? Number(value) : NaN;
    const choice = q.choices[index - 1];
    if (!choice) return { tampered: `unknown choice for ${q.id}` };
    choices.push(choice);
  }
  return { value: q.type === 'multi' ? choices : choices[0]!, ...(other ? { other } : {}) };
}

/**
 * Reads the answers from a card action's data (the inputs merged in by Teams). A required question
 * without an answer comes back as a problem to show in the card; nothing here touches storage.
 */
export function parseSurveyAnswer(survey: Pick<Survey, 'questions'>, data: Record<string, unknown>): ParsedSurveyAnswer {
  const ids = new Set(survey.questions.map((q) => q.id));
  for (const key of Object.keys(data)) {
    if ((key.startsWith('q_') || key.startsWith('o_')) && !ids.has(key.slice(2))) return { kind: 'tampered', reason: `unknown question ${key}` };
  }
  const answers: Record<string, AnswerValue> = {};
  const other: Record<string, string> = {};
  const problems: string[] = [];
  const missing: number[] = [];
  for (const [i, q] of survey.questions.entries()) {
    const one = readQuestion(q, i + 1, data[inputId(q.id)], data[otherInputId(q.id)]);
    if ('tampered' in one) return { kind: 'tampered', reason: one.tampered };
    if ('problem' in one) problems.push(one.problem);
    else if (one.value !== undefined && !(Array.isArray(one.value) && one.value.length === 0)) {
      answers[q.id] = one.value;
      if (one.other) other[q.id] = one.other;
    } else if (q.required) missing.push(i + 1);
  }
  if (missing.length) problems.unshift(missing.length === 1 ? `Spørgsmål ${missing[0]} skal besvares.` : `Spørgsmål ${missing.slice(0, -1).join(', ')} og ${missing.at(-1)} skal besvares.`);
  if (problems.length) {
    const kept: Record<string, string> = {};
    for (const [key, value] of Object.entries(data)) if ((key.startsWith('q_') || key.startsWith('o_')) && (typeof value === 'string' || typeof value === 'number')) kept[key] = String(value);
    return { kind: 'incomplete', problems, kept };
  }
  return { kind: 'ok', answers, other };
}

/** The card's input values for a stored answer, so "Ret mit svar" shows it in the form. */
export function inputsOf(survey: Pick<Survey, 'questions'>, answers: Readonly<Record<string, AnswerValue>>, other: Readonly<Record<string, string>> = {}): KeptInputs {
  const kept: Record<string, string> = {};
  for (const q of survey.questions) {
    const value = answers[q.id];
    if (value === undefined) continue;
    if (q.type === 'scale' || q.type === 'text') kept[inputId(q.id)] = String(value);
    else {
      const picked = (Array.isArray(value) ? value : [value as string]).map((c) => (c === 'Andet' && q.other ? OTHER_VALUE : String(q.choices.indexOf(c) + 1)));
      kept[inputId(q.id)] = picked.join(',');
      if (other[q.id]) kept[otherInputId(q.id)] = other[q.id]!;
    }
  }
  return kept;
}
