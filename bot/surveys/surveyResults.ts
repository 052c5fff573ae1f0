import { MIN_RESPONSES_FOR_RESULTS } from '../domain/anonymity.ts';
import { AGREE_SCALE, type Survey, type SurveyQuestion, type SurveyResponse, type SurveyState } from '../domain/survey.ts';
import { municipalityByCode, officialName } from '../domain/municipality.ts';
import type { ExportCell, ExportTable } from '../exports/table.ts';
import { danishTime } from './surveyCards.ts';

/** One question's result: counts for every type, average and distribution for scales and choices, the texts written. */
export interface QuestionResult {
  readonly questionId: string;
  readonly number: number;
  readonly type: SurveyQuestion['type'];
  readonly text: string;
  readonly answered: number;
  /** Scales: the average (two decimals); null with no answers or while held back. */
  readonly average: number | null;
  /** Scales: count per value 1–5; choices: count per choice (then "Andet"); empty for texts or while held back. */
  readonly distribution: readonly { readonly label: string; readonly count: number }[];
  /** Texts, and what was written beside "Andet"; empty while held back. */
  readonly texts: readonly string[];
}

/** A municipality's part of a named survey. */
export interface MunicipalityResult {
  readonly code: string;
  readonly name: string;
  readonly answers: number;
  /** Who answered (named surveys). */
  readonly by: readonly string[];
}

export interface SurveyResults {
  readonly surveyId: string;
  readonly title: string;
  readonly state: SurveyState;
  readonly anonymous: boolean;
  readonly perMunicipality: boolean;
  readonly responseCount: number;
  readonly expectedCount: number | null;
  /** False when the anonymity rule holds the answers back (anonymous, fewer than three answers): counts only. */
  readonly resultsVisible: boolean;
  readonly questions: readonly QuestionResult[];
  /** Named surveys: the municipalities that answered, and those expected that have not. */
  readonly byMunicipality: readonly MunicipalityResult[];
  readonly missingMunicipalities: readonly { readonly code: string; readonly name: string }[];
}

const nameOf = (code: string) => {
  const m = municipalityByCode(code);
  return m ? officialName(m) : code;
};

/** Scale answers as text: "4 (Enig)" on the agree scale, else the number. */
function scaleLabel(q: Extract<SurveyQuestion, { type: 'scale' }>, value: number): string {
  return q.scale === 'agree' ? `${value} (${AGREE_SCALE[value - 1]})` : String(value);
}

/** The order anonymous answers are listed in: by the keyed hash, never by time, so nobody can match rows to people who answered. */
const listed = (responses: readonly SurveyResponse[]) => [...responses].sort((a, b) => a.key.localeCompare(b.key));

/**
 * A survey's results. An anonymous survey with fewer than three answers shows only counts, to
 * anyone (the rule of `bot/domain/anonymity.ts`), so one person's answers cannot be singled out.
 */
export function surveyResults(survey: Survey, responses: readonly SurveyResponse[]): SurveyResults {
  const visible = !survey.anonymous || responses.length >= MIN_RESPONSES_FOR_RESULTS;
  const ordered = listed(responses);
  const questions = survey.questions.map((q, i): QuestionResult => {
    const values = ordered.map((r) => r.answers[q.id]).filter((v) => v !== undefined);
    const base = { questionId: q.id, number: i + 1, type: q.type, text: q.text, answered: values.length, average: null, distribution: [], texts: [] };
    if (!visible) return base;
    if (q.type === 'scale') {
      const numbers = values.map(Number);
      const sum = numbers.reduce((a, b) => a + b, 0);
      return { ...base, average: numbers.length ? Math.round((sum / numbers.length) * 100) / 100 : null, distribution: [1, 2, 3, 4, 5].map((v) => ({ label: scaleLabel(q, v), count: numbers.filter((n) => n === v).length })) };
    }
    if (q.type === 'text') return { ...base, texts: values.map(String) };
    const labels = [...q.choices, ...(q.other ? ['Andet'] : [])];
    const picked = values.flatMap((v) => (Array.isArray(v) ? v : [v as string]));
    return { ...base, distribution: labels.map((label) => ({ label, count: picked.filter((p) => p === label).length })), texts: ordered.map((r) => r.other?.[q.id]).filter((t): t is string => Boolean(t)) };
  });

  const byCode = new Map<string, string[]>();
  if (!survey.anonymous) {
    for (const r of responses) {
      const code = r.respondent?.municipalityCode;
      if (code) byCode.set(code, [...(byCode.get(code) ?? []), r.respondent?.name ?? 'Ukendt']);
    }
  }
  const expected = survey.perMunicipality ? (survey.expectedMunicipalities ?? []) : [];
  return {
    surveyId: survey.id,
    title: survey.title,
    state: survey.state,
    anonymous: survey.anonymous,
    perMunicipality: survey.perMunicipality,
    responseCount: responses.length,
    expectedCount: survey.perMunicipality ? expected.length : (survey.recipientCount ?? null),
    resultsVisible: visible,
    questions,
    byMunicipality: [...byCode].sort(([a], [b]) => a.localeCompare(b)).map(([code, by]) => ({ code, name: nameOf(code), answers: by.length, by: by.sort((a, b) => a.localeCompare(b, 'da')) })),
    missingMunicipalities: expected.filter((code) => !byCode.has(code)).map((code) => ({ code, name: nameOf(code) })),
  };
}

/** Thrown when an anonymous survey has too few answers to hand out one row per answer. */
export class TooFewAnswersError extends Error {
  constructor(readonly responseCount: number) {
    super(`only ${responseCount} answers`);
  }
}

/**
 * One row per answer: (named: name, municipality), then one column per question (a scale as its
 * number, choices as their texts, "Andet: …" with what was written). The rows CSV and XLSX share.
 */
export function responseTable(survey: Survey, responses: readonly SurveyResponse[]): ExportTable {
  if (survey.anonymous && responses.length < MIN_RESPONSES_FOR_RESULTS) throw new TooFewAnswersError(responses.length);
  const named = !survey.anonymous;
  const header = [...(named ? ['Navn', 'Kommune', 'Kommunekode', 'Besvaret'] : ['Nr.']), ...survey.questions.map((q, i) => `${i + 1}. ${q.text}`)];
  const ordered = named ? [...responses].sort((a, b) => (a.respondent?.municipalityCode ?? '').localeCompare(b.respondent?.municipalityCode ?? '') || a.submittedAt.localeCompare(b.submittedAt)) : listed(responses);
  const rows = ordered.map((r, n): ExportCell[] => {
    const cells = survey.questions.map((q): ExportCell => {
      const value = r.answers[q.id];
      if (value === undefined) return '';
      if (q.type === 'scale') return Number(value);
      const textValue = Array.isArray(value) ? value.join(', ') : String(value);
      return r.other?.[q.id] ? `${textValue}: ${r.other[q.id]}` : textValue;
    });
    const code = r.respondent?.municipalityCode;
    return named ? [r.respondent?.name ?? '', code ? nameOf(code) : '', code ?? '', danishTime(r.submittedAt), ...cells] : [n + 1, ...cells];
  });
  return { sheet: survey.title, header, rows };
}

const TYPE_NAMES: Record<SurveyQuestion['type'], string> = { scale: 'Skala', single: 'Ét valg', multi: 'Flere valg', text: 'Tekst' };

/**
 * One row per question: type, answers, average (a decimal comma in CSV, a number in XLSX)
 * and the count per value or choice. Counts only while the anonymity rule holds the rest back.
 */
export function summaryTable(results: SurveyResults): ExportTable {
  const width = Math.max(0, ...results.questions.map((q) => q.distribution.length));
  const header = ['Nr.', 'Spørgsmål', 'Type', 'Svar', 'Gennemsnit', ...Array.from({ length: width }, (_, i) => `Svarmulighed ${i + 1}`)];
  const rows = results.questions.map((q): ExportCell[] => [
    q.number,
    q.text,
    TYPE_NAMES[q.type],
    q.answered,
    q.average === null ? null : { number: q.average, decimals: 2 },
    ...q.distribution.map((d) => `${d.label}: ${d.count}`),
  ]);
  return { sheet: `${results.title} (resumé)`, header, rows };
}
