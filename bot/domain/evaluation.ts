import { z } from 'zod';
import { instant } from './time.ts';
import { plainText } from './validation.ts';

export { LIKERT_SCALE } from './labels.ts';

/** The four standard statements from the 2021 meetings. */
export const DEFAULT_QUESTIONS: readonly EvaluationQuestion[] = [
  { id: 'q1', text: 'Dagens oplæg var relevante for mig' },
  { id: 'q2', text: 'Der var god vekslen mellem oplæg, dialog og involvering' },
  { id: 'q3', text: 'Programledermødet understøtter mig i at løse opgaver relateret til KOMBIT' },
  { id: 'q4', text: 'Dagens programledermøde har skabt værdi for mig' },
];

export const evaluationQuestionSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,20}$/, { error: 'skal være et kort id (a-z, 0-9)' }),
  text: plainText(300),
});
export type EvaluationQuestion = z.output<typeof evaluationQuestionSchema>;

export const newEvaluationSchema = z.object({
  meetingId: z.string().trim().min(1).max(60),
  questions: z.array(evaluationQuestionSchema).min(1).max(10).default([...DEFAULT_QUESTIONS]),
  allowComment: z.boolean().default(true),
  showLiveResults: z.boolean().default(false),
  closesAt: instant.optional(),
});
export type NewEvaluation = z.output<typeof newEvaluationSchema>;

export const EVALUATION_STATES = ['open', 'closed'] as const;
export type EvaluationState = (typeof EVALUATION_STATES)[number];

/** The evaluation at the end of a program-leader meeting. */
export interface Evaluation extends NewEvaluation {
  readonly id: string;
  readonly state: EvaluationState;
  readonly startedAt: string;
  /** Who started it (profile id), so "evaluering luk" closes the one that person started. */
  readonly startedBy?: string;
  readonly closedAt?: string;
}

/** One person's answers; `respondentHash` is a keyed hash of their user id, never their name. */
export interface EvaluationResponse {
  readonly evaluationId: string;
  readonly respondentHash: string;
  readonly answers: Readonly<Record<string, number>>;
  readonly comment?: string;
  readonly submittedAt: string;
}

/** Builds the schema for answers to these questions: every question answered on the 1-5 scale. */
export function answersSchema(questions: readonly EvaluationQuestion[]) {
  const shape: Record<string, z.ZodType<number>> = {};
  for (const q of questions) {
    shape[q.id] = z.coerce
      .number({ error: 'skal besvares' })
      .int({ error: 'skal være et helt tal fra 1 til 5' })
      .min(1, { error: 'skal være mellem 1 og 5' })
      .max(5, { error: 'skal være mellem 1 og 5' });
  }
  return z.object(shape);
}

/** Per-question average and distribution (index 0 = Helt uenig). */
export interface QuestionResult {
  readonly questionId: string;
  readonly text: string;
  readonly average: number | null;
  readonly distribution: readonly number[];
}

/** Summarises responses per question without revealing who answered what. */
export function summarise(questions: readonly EvaluationQuestion[], responses: readonly EvaluationResponse[]): QuestionResult[] {
  return questions.map((q) => {
    const values = responses.map((r) => r.answers[q.id]).filter((v): v is number => typeof v === 'number');
    const distribution = [1, 2, 3, 4, 5].map((n) => values.filter((v) => v === n).length);
    const average = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
    return { questionId: q.id, text: q.text, average, distribution };
  });
}
