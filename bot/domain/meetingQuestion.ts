import { z } from 'zod';
import { plainText } from './validation.ts';

export const QUESTION_KINDS = ['question', 'idea'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const QUESTION_STATES = ['new', 'answered', 'onAgenda'] as const;
export type QuestionState = (typeof QUESTION_STATES)[number];

/** What a program leader writes after "spørgsmål" or "idé". */
export const questionTextSchema = plainText(1000, { multiline: true, min: 3 });

/**
 * A question about a program-leader meeting or an idea for a coming one, sent by a program leader
 * in chat ("spørgsmål …", "idé …"), the decks' "Send gerne spørgsmål og kommentarer … samt ideer
 * til kommende møders indhold".
 */
export interface MeetingQuestion {
  readonly id: string;
  readonly kind: QuestionKind;
  readonly text: string;
  /** The meeting of the day (or the next one) when it was asked, for a question. */
  readonly meetingId?: string;
  readonly askedBy: { readonly userId: string; readonly name?: string; readonly municipalityCode?: string };
  readonly askedAt: string;
  readonly state: QuestionState;
  /** Staff's answer, sent to the asker. */
  readonly answer?: string;
  /** The meeting whose agenda it was put on. */
  readonly agendaMeetingId?: string;
  readonly handledBy?: string;
  readonly handledAt?: string;
}

export const answerSchema = z.object({ answer: plainText(2000, { multiline: true }) });
export const onAgendaSchema = z.object({ meetingId: z.string().trim().min(1, { error: 'vælg et møde' }).max(60) });
