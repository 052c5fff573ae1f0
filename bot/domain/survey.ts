import { z } from 'zod';
import { matchRosterRole } from './roster.ts';
import { isMunicipalityCode, MUNICIPALITIES, REGIONS, type Region } from './municipality.ts';
import { instant } from './time.ts';
import { plainText, toFieldIssues, ValidationError, type FieldIssue } from './validation.ts';

/** At most this many questions: a longer survey does not fit one Teams card. */
export const MAX_QUESTIONS = 15;
export const MIN_CHOICES = 2;
export const MAX_CHOICES = 12;
/** Text limits, chosen so that 15 questions at these lengths still fit under Teams' 28 KB card limit. */
export const LIMITS = { title: 150, intro: 1000, question: 300, choice: 80, label: 40, shortText: 200, longText: 2000 } as const;

/** The five-point Danish agree scale, value 1 to 5. */
export const AGREE_SCALE = ['Helt uenig', 'Uenig', 'Hverken enig eller uenig', 'Enig', 'Helt enig'] as const;
/** The choice that lets a person write their own answer. */
export const OTHER_CHOICE = 'Andet';

export const QUESTION_TYPES = ['scale', 'single', 'multi', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

interface QuestionBase {
  /** q1, q2, … in the order they were written: the card's inputs and the exports are keyed by it. */
  readonly id: string;
  readonly text: string;
  readonly required: boolean;
}
/** The agree scale, or 1–5 with a label at each end ("Meget lidt" … "Meget"). */
export interface ScaleQuestion extends QuestionBase {
  readonly type: 'scale';
  readonly scale: 'agree' | 'numeric';
  readonly labels?: readonly [string, string];
}
export interface ChoiceQuestion extends QuestionBase {
  readonly type: 'single' | 'multi';
  readonly choices: readonly string[];
  /** Adds "Andet" with a text field. */
  readonly other: boolean;
}
export interface TextQuestion extends QuestionBase {
  readonly type: 'text';
  readonly long: boolean;
}
export type SurveyQuestion = ScaleQuestion | ChoiceQuestion | TextQuestion;

/**
 * Who gets the survey. Person audiences go to each person's 1:1 chat; `conversations` posts one
 * shared card in each named channel or meeting chat. `roles` are accepted but, until there is a
 * roster of roles, mean every program leader.
 */
export interface SurveyAudience {
  readonly all?: boolean;
  readonly roles?: readonly string[];
  readonly municipalities?: readonly string[];
  readonly regions?: readonly Region[];
  /** Teams conversation ids of channels or meeting chats where the app is installed. */
  readonly conversations?: readonly string[];
}

export type SurveyState = 'draft' | 'scheduled' | 'open' | 'closed';

/** What a survey is: an ordinary one, or a meeting evaluation (made from the built-in template, or an evaluation of the evaluation API listed among the surveys). */
export type SurveyKind = 'survey' | 'evaluation';

export interface Survey {
  readonly id: string;
  /** Absent means an ordinary survey. */
  readonly kind?: SurveyKind;
  /** The template it was made from. */
  readonly templateId?: string;
  readonly title: string;
  readonly intro?: string;
  readonly questions: readonly SurveyQuestion[];
  readonly anonymous: boolean;
  /** One answer per municipality: any of its program leaders may give or change it, and all of them see who did. */
  readonly perMunicipality: boolean;
  readonly audience: SurveyAudience;
  /** When answers are taken from; sending before it posts the cards then. */
  readonly opensAt?: string;
  readonly closesAt: string;
  /**
   * Takes answers until it is closed (by staff, or by its close job at `closesAt`), not by the
   * clock alone: a meeting evaluation, which often has no closing time (staff close it when the
   * meeting's last point is done), and whose cards show it open until it is closed.
   */
  readonly untilClosed?: boolean;
  /** Times (before the closing) when those who have not answered are reminded. */
  readonly reminders: readonly string[];
  readonly state: SurveyState;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly sentAt?: string;
  readonly closedAt?: string;
  /** Municipality mode: the municipalities expected to answer, fixed when the survey is sent. */
  readonly expectedMunicipalities?: readonly string[];
  /** Person audiences: how many people it was sent to. */
  readonly recipientCount?: number;
}

/** One answer per question id: a scale value, a choice, the chosen choices, or a text. */
export type AnswerValue = number | string | readonly string[];

/** A stored answer. Anonymous answers carry no person; municipality answers name who gave them. */
export interface SurveyResponse {
  readonly surveyId: string;
  /** The keyed respondent hash of the person, or `m-<kommunekode>` in municipality mode. */
  readonly key: string;
  readonly answers: Readonly<Record<string, AnswerValue>>;
  /** What was written beside "Andet", per question id. */
  readonly other?: Readonly<Record<string, string>>;
  readonly submittedAt: string;
  /** Named surveys only. */
  readonly respondent?: { readonly userId: string; readonly name?: string; readonly municipalityCode?: string };
}

/** A person the survey was sent to (person audiences): kept to remind exactly those who have not answered. */
export interface SurveyRecipient {
  readonly surveyId: string;
  readonly userId: string;
  readonly municipalityCode?: string;
}

// An ISO instant, or dd-mm-åååå tt:mm in Danish time as the tab's form sends what was typed.
const isoInstant = instant.transform((s) => new Date(s).toISOString());

const audienceSchema = z
  .strictObject({
    all: z.boolean().optional(),
    roles: z.array(plainText(60).refine((role) => matchRosterRole(role) !== undefined, { error: 'skal være roller fra KLIKs Rollegalleri (fx Programleder, Sikkerhedsansvarlig)' })).max(20).optional(),
    municipalities: z.array(z.string().refine(isMunicipalityCode, { error: 'skal være kommunekoder (fx 101)' })).max(98).optional(),
    regions: z.array(z.enum(REGIONS, { error: `skal være regioner: ${REGIONS.join(', ')}` })).max(5).optional(),
    conversations: z.array(plainText(300)).max(50).optional(),
  })
  .refine((a) => a.all || a.roles?.length || a.municipalities?.length || a.regions?.length || a.conversations?.length, {
    error: 'Modtagere mangler: vælg alle programledere, roller, kommuner, regioner eller samtaler',
  });

const surveyFieldsSchema = z.strictObject({
  title: plainText(LIMITS.title),
  intro: plainText(LIMITS.intro, { multiline: true }).optional(),
  anonymous: z.boolean().default(false),
  perMunicipality: z.boolean().default(false),
  audience: audienceSchema,
  opensAt: isoInstant.optional(),
  closesAt: isoInstant,
  reminders: z.array(isoInstant).max(5).default([]),
  questions: z.unknown(),
});

/** What a staff member sends to create a survey, checked. */
export type NewSurvey = Omit<Survey, 'id' | 'state' | 'createdAt' | 'createdBy'>;

const textOf = (value: unknown, max: number, multiline = false) => plainText(max, { multiline }).safeParse(value);

/**
 * Reads the questions, each refusal in Danish naming the question by its number ("Spørgsmål 3
 * mangler svarmuligheder"), so the person writing the survey knows which one to fix.
 */
function parseQuestions(raw: unknown, issues: FieldIssue[]): SurveyQuestion[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    issues.push({ field: 'questions', message: 'Spørgeskemaet skal have mindst ét spørgsmål' });
    return [];
  }
  if (raw.length > MAX_QUESTIONS) {
    issues.push({ field: 'questions', message: `Spørgeskemaet kan højst have ${MAX_QUESTIONS} spørgsmål (det har ${raw.length})` });
    return [];
  }
  const questions: SurveyQuestion[] = [];
  raw.forEach((q: unknown, i) => {
    const n = i + 1;
    const field = `questions.${i}`;
    const problem = (message: string, sub = '') => issues.push({ field: sub ? `${field}.${sub}` : field, message: `Spørgsmål ${n} ${message}` });
    if (typeof q !== 'object' || q === null || Array.isArray(q)) return problem('er ikke et spørgsmål');
    const input = q as Record<string, unknown>;
    const known = new Set(['type', 'text', 'required', 'scale', 'labels', 'choices', 'other', 'long']);
    const unknown = Object.keys(input).filter((k) => !known.has(k));
    if (unknown.length) problem(`har ukendte felter: ${unknown.join(', ')}`);
    const type = input.type;
    if (!QUESTION_TYPES.includes(type as QuestionType)) return problem('har en ukendt type (skal være scale, single, multi eller text)', 'type');
    const text = textOf(input.text, LIMITS.question);
    if (input.text === undefined || input.text === '') return problem('mangler en tekst', 'text');
    if (!text.success) return problem(`har en tekst, der ${input.text && String(input.text).length > LIMITS.question ? `er for lang (højst ${LIMITS.question} tegn)` : 'ikke kan bruges'}`, 'text');
    if (input.required !== undefined && typeof input.required !== 'boolean') return problem('skal have required: true eller false', 'required');
    const base = { id: `q${n}`, text: text.data, required: (input.required as boolean | undefined) ?? type !== 'text' };

    if (type === 'scale') {
      const scale = input.scale ?? (input.labels ? 'numeric' : 'agree');
      if (scale !== 'agree' && scale !== 'numeric') return problem('har en ukendt skala (skal være agree eller numeric)', 'scale');
      let labels: [string, string] | undefined;
      if (input.labels !== undefined) {
        const parsed = z.tuple([plainText(LIMITS.label), plainText(LIMITS.label)]).safeParse(input.labels);
        if (!parsed.success) return problem(`skal have to etiketter til skalaen (for 1 og for 5, højst ${LIMITS.label} tegn)`, 'labels');
        labels = parsed.data;
      }
      questions.push({ ...base, type, scale, ...(labels ? { labels } : {}) });
    } else if (type === 'single' || type === 'multi') {
      const choices = input.choices;
      if (!Array.isArray(choices) || choices.length === 0) return problem('mangler svarmuligheder', 'choices');
      if (choices.length < MIN_CHOICES) return problem(`skal have mindst ${MIN_CHOICES} svarmuligheder`, 'choices');
      if (choices.length > MAX_CHOICES) return problem(`kan højst have ${MAX_CHOICES} svarmuligheder (det har ${choices.length})`, 'choices');
      const texts: string[] = [];
      for (const [j, choice] of choices.entries()) {
        const parsed = textOf(choice, LIMITS.choice);
        if (!parsed.success) return problem(`har en svarmulighed nr. ${j + 1}, der er tom, for lang (højst ${LIMITS.choice} tegn) eller ikke kan bruges`, 'choices');
        if (texts.some((t) => t.toLowerCase() === parsed.data.toLowerCase())) return problem(`har svarmuligheden »${parsed.data}« to gange`, 'choices');
        texts.push(parsed.data);
      }
      if (input.other !== undefined && typeof input.other !== 'boolean') return problem('skal have other: true eller false', 'other');
      if (input.other === true && texts.some((t) => t.toLowerCase() === OTHER_CHOICE.toLowerCase())) return problem(`har både svarmuligheden »${OTHER_CHOICE}« og other: true; vælg én af dem`, 'choices');
      questions.push({ ...base, type, choices: texts, other: input.other === true });
    } else {
      if (input.long !== undefined && typeof input.long !== 'boolean') return problem('skal have long: true eller false', 'long');
      questions.push({ ...base, type: 'text', long: input.long === true });
    }
  });
  return questions;
}

/**
 * Checks a new survey (or a draft with changes applied): the fields, the questions (each refusal
 * names its question), and the times against now. Throws a {@link ValidationError} listing
 * every problem; nothing is stored by the caller then.
 */
export function parseSurvey(input: unknown, now: Date): NewSurvey {
  const issues: FieldIssue[] = [];
  const fields = surveyFieldsSchema.safeParse(input ?? {});
  if (!fields.success) issues.push(...toFieldIssues(fields.error).map((i) => (i.field.startsWith('audience') && i.message.startsWith('Modtagere') ? { field: 'audience', message: i.message } : i)));
  const questions = parseQuestions(typeof input === 'object' && input !== null ? (input as Record<string, unknown>).questions : undefined, issues);
  if (!fields.success) throw new ValidationError(issues);
  const f = fields.data;
  if (Date.parse(f.closesAt) <= now.getTime()) issues.push({ field: 'closesAt', message: 'Lukketidspunktet skal ligge ud i fremtiden' });
  if (f.opensAt && Date.parse(f.opensAt) >= Date.parse(f.closesAt)) issues.push({ field: 'opensAt', message: 'Åbningstidspunktet skal ligge før lukketidspunktet' });
  f.reminders.forEach((at, i) => {
    if (Date.parse(at) >= Date.parse(f.closesAt) || Date.parse(at) <= Date.parse(f.opensAt ?? now.toISOString())) {
      issues.push({ field: `reminders.${i}`, message: `Påmindelse ${i + 1} skal ligge mellem åbning og lukning` });
    }
  });
  if (f.anonymous && f.perMunicipality) {
    issues.push({ field: 'perMunicipality', message: 'Et anonymt spørgeskema kan ikke have ét svar pr. kommune: kommunens programledere ser, hvem der har svaret' });
  }
  if (f.perMunicipality && f.audience.conversations?.length) {
    issues.push({ field: 'audience.conversations', message: 'Ét svar pr. kommune sendes til programlederne selv, ikke til kanaler eller mødechats' });
  }
  if (issues.length) throw new ValidationError(issues);
  const { intro, opensAt, ...rest } = f;
  return { ...rest, ...(intro ? { intro } : {}), ...(opensAt ? { opensAt } : {}), reminders: [...new Set(f.reminders)].sort(), questions };
}

/** The fields of a stored survey that a draft change may set, as they were sent. */
export function editableFields(survey: Survey): Record<string, unknown> {
  const { title, intro, anonymous, perMunicipality, audience, opensAt, closesAt, reminders, questions } = survey;
  return { title, intro, anonymous, perMunicipality, audience, opensAt, closesAt, reminders, questions: questions.map(({ id: _id, ...q }) => q) };
}

/** The municipalities a municipality-mode survey waits for: those named (directly or by region), else all 98. */
export function expectedMunicipalitiesOf(audience: SurveyAudience): string[] {
  const named = new Set(audience.municipalities ?? []);
  for (const m of MUNICIPALITIES) if (audience.regions?.includes(m.region)) named.add(m.code);
  if (named.size && !audience.all) return [...named].sort();
  return MUNICIPALITIES.map((m) => m.code);
}

/** Whether the survey takes answers at `now`: sent, opened and not closed or past its closing time. */
export function isAnswerable(survey: Survey, now: Date): boolean {
  return survey.state === 'open' && (survey.untilClosed === true || Date.parse(survey.closesAt) > now.getTime());
}

/** The row key of a municipality's answer. */
export const municipalityKey = (code: string) => `m-${code}`;
