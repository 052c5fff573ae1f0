import { z } from 'zod';
import { DEFAULT_QUESTIONS } from './evaluation.ts';
import { editableFields, type Survey, type SurveyAudience, type SurveyKind } from './survey.ts';
import { plainText, parseOrThrow } from './validation.ts';

export type { SurveyKind };

/**
 * A survey to start from: everything but the times. Applying it gives the input of
 * `POST /api/surveys`, so the survey made from it is checked like any other.
 */
export interface SurveyTemplate {
  readonly id: string;
  readonly name: string;
  readonly kind: SurveyKind;
  /** Built into the app (the meeting evaluation); cannot be overwritten. */
  readonly builtIn: boolean;
  readonly title: string;
  readonly intro?: string;
  readonly anonymous: boolean;
  readonly perMunicipality: boolean;
  /** Absent in the evaluation template: its audience is the meeting's chat and channels where the app is installed. */
  readonly audience?: SurveyAudience;
  /** The questions as they are written in `POST /api/surveys` (no ids). */
  readonly questions: readonly Record<string, unknown>[];
  readonly createdAt?: string;
  readonly createdBy?: string;
  /** The survey it was saved from. */
  readonly fromSurvey?: string;
}

export const EVALUATION_TEMPLATE_ID = 'evaluation';

/** The meeting evaluation of the decks: the four statements on the agree scale and a comment, anonymous. */
export const EVALUATION_TEMPLATE: SurveyTemplate = {
  id: EVALUATION_TEMPLATE_ID,
  name: 'Evaluering af programledermødet',
  kind: 'evaluation',
  builtIn: true,
  title: 'Evaluering af dagens programledermøde',
  intro: 'Vi evaluerer dagens møde i Teams. Dine svar er anonyme.',
  anonymous: true,
  perMunicipality: false,
  questions: [
    ...DEFAULT_QUESTIONS.map((q) => ({ type: 'scale', scale: 'agree', text: q.text, required: true })),
    { type: 'text', text: 'Kommentar', long: true, required: false },
  ],
};

const saveSchema = z.strictObject({ name: plainText(100).optional() });

/** A template saved from a survey (staff): its questions, anonymity, mode and audience, under the name given (else the title). */
export function templateFromSurvey(survey: Survey, input: unknown, meta: { id: string; now: Date; by: string }): SurveyTemplate {
  const { name } = parseOrThrow(saveSchema, input ?? {});
  const fields = editableFields(survey) as { questions: Record<string, unknown>[] };
  return {
    id: meta.id,
    name: name ?? survey.title,
    kind: survey.kind ?? 'survey',
    builtIn: false,
    title: survey.title,
    ...(survey.intro ? { intro: survey.intro } : {}),
    anonymous: survey.anonymous,
    perMunicipality: survey.perMunicipality,
    ...(survey.kind === 'evaluation' ? {} : { audience: survey.audience }),
    questions: fields.questions,
    createdAt: meta.now.toISOString(),
    createdBy: meta.by,
    fromSurvey: survey.id,
  };
}

/** The input of a new survey from a template: the template's fields, with what was sent in their place. */
export function applyTemplate(template: SurveyTemplate, overrides: Record<string, unknown>): Record<string, unknown> {
  const { id: _id, name: _name, kind: _kind, builtIn: _builtIn, createdAt: _c, createdBy: _b, fromSurvey: _f, ...fields } = template;
  return { ...fields, ...overrides };
}
