import { createHash } from 'node:crypto';
import type { Config } from '../config.ts';
import type { ServiceDeps } from '../capability.ts';
import { requireStaff, type Principal } from '../auth/principal.ts';
import { profileOf } from '../conversation/people.ts';
import { text, type Reply, type TurnInfo } from '../conversation/turn.ts';
import { currentMeeting, type Meeting } from '../domain/meeting.ts';
import { answerSchema, onAgendaSchema, questionTextSchema, type MeetingQuestion, type QuestionKind } from '../domain/meetingQuestion.ts';
import { municipalityByCode } from '../domain/municipality.ts';
import { formatDate, type Language } from '../domain/language.ts';
import { todayIn } from '../domain/time.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { AlreadyExists, Conflict, NotFound, Stale } from '../domain/errors.ts';
import { t } from '../cards/strings.ts';

/** A question or idea as staff see it in Administration: with the asker's municipality and the meetings by name. */
export interface QuestionRow extends MeetingQuestion {
  readonly municipalityName?: string;
  readonly meetingTitle?: string;
  readonly agendaMeetingTitle?: string;
}

/** The word, and the Danish possessive it takes ("dit spørgsmål", "din idé"). */
const KIND_WORD = { question: { da: 'spørgsmål', your: 'dit', en: 'question' }, idea: { da: 'idé', your: 'din', en: 'idea' } } as const;

/**
 * Questions about a meeting and ideas for coming ones: program leaders send them in chat, KOMBIT
 * staff answer them or put them on a meeting's agenda, and the asker is told in their 1:1 chat.
 */
export class QuestionService {
  constructor(private readonly deps: ServiceDeps & { readonly config: Config }) {}

  /**
   * "spørgsmål …" / "idé …": stores what the person wrote, once per message (Teams may deliver a
   * message twice; the id follows the message), and thanks them.
   */
  async ask(turn: TurnInfo, kind: QuestionKind, args: string): Promise<Reply[]> {
    return [text(await this.receive(turn, kind, args, { example: true }))];
  }

  /**
   * "Stil et spørgsmål" / "Foreslå en idé" on a meeting's card: what the person wrote in the card's
   * field, about that meeting. The answer goes to the clicker alone.
   */
  async askFromCard(turn: TurnInfo, kind: QuestionKind, written: string | undefined, meetingId: string): Promise<string> {
    return this.receive(turn, kind, written ?? '', { example: false, meetingId });
  }

  /** Stores a question or idea (nothing when the text does not do) and says, in the person's language, what happened. */
  private async receive(turn: TurnInfo, kind: QuestionKind, written: string, from: { example: boolean; meetingId?: string }): Promise<string> {
    const { profile } = await profileOf(this.deps.repos, this.deps.config, turn);
    const lang = profile.language;
    const parsed = questionTextSchema.safeParse(written);
    if (!parsed.success) {
      if (!from.example) {
        return t(lang, `Skriv ${KIND_WORD[kind].your} ${KIND_WORD[kind].da} i feltet på kortet (3 til 1000 tegn), og tryk igen. Intet er sendt.`, `Write your ${KIND_WORD[kind].en} in the card's field (3 to 1000 characters) and press again. Nothing was sent.`);
      }
      const example = kind === 'question' ? t(lang, 'spørgsmål Hvornår kommer næste version af FLIS?', 'question When is the next version of FLIS coming?') : t(lang, 'idé Et oplæg om kunstig intelligens i kommunerne', 'idea A talk on artificial intelligence in the municipalities');
      return t(lang, `Skriv ${KIND_WORD[kind].your} ${KIND_WORD[kind].da} efter ordet, fx "${example}". Intet er sendt.`, `Write your ${KIND_WORD[kind].en} after the word, e.g. "${example}". Nothing was sent.`);
    }
    const meetings = await this.deps.repos.meetings.list();
    let meeting: Meeting | undefined;
    if (from.meetingId !== undefined) {
      meeting = meetings.find((m) => m.id === from.meetingId);
      if (!meeting) return t(lang, 'Mødet findes ikke længere. Intet er sendt.', 'The meeting no longer exists. Nothing was sent.');
    } else if (kind === 'question') {
      meeting = currentMeeting(meetings, todayIn(this.deps.clock));
    }
    const question: MeetingQuestion = {
      id: `q-${createHash('sha256').update(`${turn.user.id}\n${turn.correlationId}`).digest('hex').slice(0, 16)}`,
      kind,
      text: parsed.data,
      // An idea is for a coming meeting; the card it came from is only where it was written.
      ...(meeting && kind === 'question' ? { meetingId: meeting.id } : {}),
      askedBy: { userId: profile.userId, ...(profile.name ? { name: profile.name } : {}), ...(profile.municipalityCode ? { municipalityCode: profile.municipalityCode } : {}) },
      askedAt: this.deps.clock.now().toISOString(),
      state: 'new',
    };
    try {
      await this.deps.repos.meetingQuestions.create(question);
      this.deps.log.info({ questionId: question.id, kind, fromCard: from.meetingId !== undefined, correlationId: turn.correlationId }, 'meeting question received');
    } catch (error) {
      if (!(error instanceof AlreadyExists)) throw error;
    }
    // From a card in a meeting chat the answer still comes in the person's 1:1 chat with the bot, not "here".
    const here = from.meetingId === undefined ? 'her ' : '';
    return kind === 'question'
      ? t(lang, `Tak for dit spørgsmål. Det er sendt til KOMBIT, og du får svaret ${here}i din chat med mig.`, 'Thank you for your question. It has gone to KOMBIT, and you will get the answer in your chat with me.')
      : t(lang, `Tak for din idé. Den er sendt til KOMBIT, og du får besked ${here}i din chat med mig, når den er sat på dagsordenen.`, 'Thank you for your idea. It has gone to KOMBIT, and you will hear in your chat with me when it is on an agenda.');
  }

  /** Every question and idea, newest first (staff). */
  async list(principal: Principal): Promise<QuestionRow[]> {
    requireStaff(principal);
    const [questions, meetings] = await Promise.all([this.deps.repos.meetingQuestions.list(), this.deps.repos.meetings.list()]);
    const title = (id?: string) => {
      const m = id ? meetings.find((x) => x.id === id) : undefined;
      return m ? `${m.title} (${formatDate(m.date, 'da')})` : undefined;
    };
    return questions.map((q) => {
      const municipalityName = q.askedBy.municipalityCode ? municipalityByCode(q.askedBy.municipalityCode)?.name : undefined;
      const meetingTitle = title(q.meetingId);
      const agendaMeetingTitle = title(q.agendaMeetingId);
      return { ...q, ...(municipalityName ? { municipalityName } : {}), ...(meetingTitle ? { meetingTitle } : {}), ...(agendaMeetingTitle ? { agendaMeetingTitle } : {}) };
    });
  }

  /** Staff answer a question or idea; the asker gets the answer in their 1:1 chat. */
  async answer(id: string, input: unknown, principal: Principal): Promise<{ question: MeetingQuestion; notificationId: string }> {
    requireStaff(principal);
    const { answer } = parseOrThrow(answerSchema, input);
    return this.handle(id, principal, (q) => ({ ...q, state: 'answered', answer }), (q, lang) =>
      t(lang, `Svar på ${KIND_WORD[q.kind].your} ${KIND_WORD[q.kind].da} "${shorten(q.text)}":\n\n${answer}`, `Answer to your ${KIND_WORD[q.kind].en} "${shorten(q.text)}":\n\n${answer}`),
    );
  }

  /** Staff put a question or idea on a meeting's agenda; the asker is told which meeting. */
  async putOnAgenda(id: string, input: unknown, principal: Principal): Promise<{ question: MeetingQuestion; notificationId: string }> {
    requireStaff(principal);
    const { meetingId } = parseOrThrow(onAgendaSchema, input);
    const meeting = (await this.deps.repos.meetings.get(meetingId))?.value;
    if (!meeting) throw new NotFound('Mødet');
    return this.handle(id, principal, (q) => ({ ...q, state: 'onAgenda', agendaMeetingId: meeting.id }), (q, lang) =>
      t(
        lang,
        `${KIND_WORD[q.kind].your === 'dit' ? 'Dit' : 'Din'} ${KIND_WORD[q.kind].da} "${shorten(q.text)}" er sat på dagsordenen for ${meeting.title} ${formatDate(meeting.date, 'da')}.`,
        `Your ${KIND_WORD[q.kind].en} "${shorten(q.text)}" is on the agenda of ${meeting.title} ${formatDate(meeting.date, 'en')}.`,
      ),
    );
  }

  /** Changes a new question once (two staff at the same moment: one wins, the other is told) and tells the asker. */
  private async handle(id: string, principal: Principal, change: (q: MeetingQuestion) => MeetingQuestion, message: (q: MeetingQuestion, lang: Language) => string) {
    const current = await this.deps.repos.meetingQuestions.get(id);
    if (!current) throw new NotFound('Spørgsmålet');
    if (current.value.state !== 'new') throw new Conflict('QuestionHandled', 'Spørgsmålet er allerede besvaret eller sat på dagsordenen. Intet er ændret.');
    const handled: MeetingQuestion = { ...change(current.value), handledBy: principal.name ?? principal.userId, handledAt: this.deps.clock.now().toISOString() };
    try {
      await this.deps.repos.meetingQuestions.replace(handled, current.etag);
    } catch (error) {
      if (error instanceof Stale) throw new Conflict('QuestionHandled', 'Spørgsmålet er netop besvaret af en anden. Intet er ændret.');
      throw error;
    }
    const lang = (await this.deps.repos.users.get(handled.askedBy.userId))?.value.language ?? 'da';
    const notificationId = `questionReply-${handled.id}`;
    await this.deps.delivery.publish({ id: notificationId, kind: 'text', subjectId: handled.id, audience: { kind: 'users', userIds: [handled.askedBy.userId] }, payload: { text: message(handled, lang) } });
    this.deps.log.info({ questionId: id, state: handled.state, by: principal.userId }, 'meeting question handled');
    return { question: handled, notificationId };
  }
}

function shorten(value: string, max = 80): string {
  return value.length <= max ? value : `${value.slice(0, max - 1).trimEnd()}…`;
}
