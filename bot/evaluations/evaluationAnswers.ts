import { answersSchema, type Evaluation } from '../domain/evaluation.ts';

/** Longest comment kept; the card's input stops at this length, so anything longer was not typed in the card. */
export const MAX_COMMENT_LENGTH = 1000;

/** The card's input id for a statement. Prefixed so a question id can never collide with `verb`, `evaluationId` or `comment`. */
export const answerInputId = (questionId: string) => `a_${questionId}`;
const ANSWER_PREFIX = 'a_';

/** What the raw values of the form were, to put them back in the card when something is missing. */
export interface KeptInputs {
  /** Per question id: the chosen value as the card sends it ('1'..'5'), or '' when none or off the scale. */
  readonly values: Readonly<Record<string, string>>;
  readonly comment: string;
}

/** Why a submission was refused, in terms the card can explain. */
export interface AnswerProblems {
  /** 1-based numbers of the statements not answered. */
  readonly missing: readonly number[];
  /** 1-based numbers of the statements answered off the 1-5 scale. */
  readonly offScale: readonly number[];
}

/** The outcome of reading an answer card's data. */
export type ParsedAnswer =
  | { readonly kind: 'ok'; readonly answers: Record<string, number>; readonly comment?: string }
  /** Something a person can fix in the card: the form comes back with their inputs kept. */
  | { readonly kind: 'incomplete'; readonly problems: AnswerProblems; readonly kept: KeptInputs }
  /** Data the card cannot have produced (unknown statement, not a number, over-long comment). */
  | { readonly kind: 'tampered'; readonly reason: string };

const NUMERIC = /^\s*[+-]?\d+(\.\d+)?\s*$/;

// Building a zod object per answer showed in the profile; the schema depends only on the question ids.
const schemas = new Map<string, ReturnType<typeof answersSchema>>();
function schemaFor(questions: Evaluation['questions']): ReturnType<typeof answersSchema> {
  const key = questions.map((q) => q.id).join('\n');
  let schema = schemas.get(key);
  if (!schema) {
    if (schemas.size > 100) schemas.clear();
    schema = answersSchema(questions);
    schemas.set(key, schema);
  }
  return schema;
}

/**
 * Reads the answers from an Action.Execute's data (the inputs merged in by Teams). Every
 * statement must be answered on the 1-5 scale ({@link answersSchema}); the comment is optional.
 * Nothing here touches storage: a refused submission writes nothing.
 */
export function parseAnswer(evaluation: Pick<Evaluation, 'questions' | 'allowComment'>, data: Record<string, unknown>): ParsedAnswer {
  const questionIds = new Set(evaluation.questions.map((q) => q.id));
  for (const key of Object.keys(data)) {
    if (key.startsWith(ANSWER_PREFIX) && !questionIds.has(key.slice(ANSWER_PREFIX.length))) return { kind: 'tampered', reason: `unknown question ${key}` };
  }

  const raw: Record<string, unknown> = {};
  for (const q of evaluation.questions) {
    const value = data[answerInputId(q.id)];
    // Teams sends an unanswered choice set as '' (or leaves it out): that is a missing answer, not a zero.
    if (value === undefined || value === null || value === '') continue;
    if (typeof value === 'number' && Number.isFinite(value)) raw[q.id] = value;
    else if (typeof value === 'string' && NUMERIC.test(value)) raw[q.id] = value.trim();
    else return { kind: 'tampered', reason: `not a number for ${q.id}` };
  }

  let comment: string | undefined;
  const rawComment = data.comment;
  if (rawComment !== undefined && rawComment !== null) {
    if (typeof rawComment !== 'string') return { kind: 'tampered', reason: 'comment is not text' };
    if (rawComment.length > MAX_COMMENT_LENGTH) return { kind: 'tampered', reason: 'comment too long' };
    // Control characters have no place in a comment shown in cards and Excel; line breaks stay.
    const cleaned = rawComment.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
    if (cleaned && evaluation.allowComment) comment = cleaned;
  }

  const result = schemaFor(evaluation.questions).safeParse(raw);
  if (result.success) return { kind: 'ok', answers: result.data, ...(comment ? { comment } : {}) };

  const failed = new Set(result.error.issues.map((i) => String(i.path[0])));
  const missing: number[] = [];
  const offScale: number[] = [];
  const values: Record<string, string> = {};
  evaluation.questions.forEach((q, i) => {
    if (!failed.has(q.id)) values[q.id] = String(Number(raw[q.id]));
    else if (raw[q.id] === undefined) missing.push(i + 1);
    else offScale.push(i + 1);
  });
  return { kind: 'incomplete', problems: { missing, offScale }, kept: { values, comment: typeof rawComment === 'string' ? rawComment : '' } };
}
