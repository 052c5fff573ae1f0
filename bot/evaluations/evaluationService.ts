import { z } from 'zod';
import { TtlCache } from '../domain/ttlCache.ts';
import { jobKind, type JobSpec, type ServiceDeps } from '../capability.ts';
import { todayIn } from '../domain/time.ts';
import { newEvaluationSchema, type Evaluation, type EvaluationResponse } from '../domain/evaluation.ts';
import type { Meeting } from '../domain/meeting.ts';
import type { UserProfile } from '../domain/user.ts';
import { TEMPLATES } from './evaluationCards.ts';
import { respondentHash } from '../domain/anonymity.ts';
import { parseOrThrow, ValidationError } from '../domain/validation.ts';
import { requireStaff, type Principal } from '../auth/principal.ts';
import { AlreadyExists, Conflict, NotFound, Stale } from '../domain/errors.ts';
import { AnswerWriter, keepLatestAnswer } from '../domain/answerWriter.ts';
import { CardRefresher } from '../notifications/cardRefresher.ts';
import { evaluationThanksCard } from './evaluationCards.ts';
import { evaluationResults, type EvaluationResults } from './evaluationResults.ts';

/** The notification that posts an evaluation's card; its outbox rows are the shared cards to update. */
export const evaluationNotificationId = (evaluationId: string) => `evaluation:${evaluationId}`;
/** The scheduler job that closes an evaluation at its closing time. */
export const evaluationCloseJobId = (evaluationId: string) => `evaluationClose:${evaluationId}`;
const finalCardsJobId = (evaluationId: string) => `evaluationFinalCards:${evaluationId}`;

/** Staff may type the statements as plain texts; they get the ids q1, q2, ... */
const startSchema = newEvaluationSchema
  .extend({
    questions: z.preprocess(
      (value) => (Array.isArray(value) ? value.map((q, i) => (typeof q === 'string' ? { id: `q${i + 1}`, text: q } : q)) : value),
      newEvaluationSchema.shape.questions,
    ),
  })
  .refine((e) => new Set(e.questions.map((q) => q.id)).size === e.questions.length, { path: ['questions'], error: 'to udsagn har samme id' });

/** An evaluation with how many have answered, as lists show it. */
export interface EvaluationSummary extends Evaluation {
  readonly responseCount: number;
}

/** The answer was not stored: the evaluation had been closed (by this or another instance) when it was written. */
export class EvaluationClosedError extends Conflict {
  constructor() {
    super('EvaluationClosed', 'Evalueringen er lukket, så svaret er ikke gemt.');
  }
}

/** What storing an answer did. */
export interface SubmitOutcome {
  /** The answer that is now stored for the person (theirs, or a newer one that arrived at the same time). */
  readonly response: EvaluationResponse;
  /** True when it replaced the person's earlier answer. */
  readonly replaced: boolean;
  /** True when a newer answer from the same person was already stored, so this one was not. */
  readonly superseded: boolean;
}

const MEETING_CACHE_MS = 10_000;
const EVALUATION_CACHE_MS = 1000;
const PROFILE_SNAPSHOT_MS = 30_000;
/** The cards an evaluation shows; prepared when one starts (see {@link EvaluationService.warmUp}). */


const evaluationJobPayload = z.object({ evaluationId: z.string().min(1) });
/**
 * Meeting evaluations: start (staff), answers (one per person, by keyed hash; answering again
 * replaces), live updates of the shared cards, and closing (staff or the closing time), after
 * which the cards show the final result.
 */
export class EvaluationService {
  private readonly refresher: CardRefresher;
  private readonly writer: AnswerWriter<EvaluationResponse>;
  private readonly meetings = new TtlCache<Meeting | undefined>({ ttlMs: MEETING_CACHE_MS, maxEntries: 100 });
  private readonly answerCache = new Map<string, { evaluation: Promise<Evaluation | undefined>; at: number }>();
  private readonly profiles = new TtlCache<Map<string, UserProfile>>({ ttlMs: PROFILE_SNAPSHOT_MS });

  constructor(
    private readonly deps: ServiceDeps & {
      /** The key of the respondent hash (config.evaluationHashKey). */
      readonly hashKey: string;
      /** How often this instance asks for a card refresh while answers arrive (the delivery refresh interval). */
      readonly refreshIntervalMs: number;
    },
  ) {
    this.refresher = new CardRefresher((id) => this.requestRefresh(id), deps.refreshIntervalMs, deps.log);
    this.writer = new AnswerWriter<EvaluationResponse>((_id, responses) => deps.repos.evaluations.insertResponses(responses), (id) => this.isOpenNow(id));
  }

  /** Closing at the closing time, and the last card update after a close: mounted by the evaluations capability. */
  readonly jobs: readonly JobSpec[] = [
    jobKind('evaluationClose', evaluationJobPayload, async ({ evaluationId }) => {
      await this.close(evaluationId, 'schedule');
    }),
    jobKind('evaluationFinalCards', evaluationJobPayload, ({ evaluationId }) => this.ensureCardsRefreshed(evaluationNotificationId(evaluationId))),
  ];

  /** The evaluation, or undefined when there is none with this id. */
  async find(id: string): Promise<Evaluation | undefined> {
    return (await this.deps.repos.evaluations.get(id))?.value;
  }

  /**
   * The evaluation as answers need it to be read (statements, scale): read at most once a second
   * per instance, shared by the answers that arrive together (a hundred answers would otherwise
   * read the same row a hundred times). Whether it is still open is not taken from here when an
   * answer is stored: {@link submit} checks that against storage (see {@link AnswerWriter}).
   */
  findForAnswer(id: string): Promise<Evaluation | undefined> {
    const now = Date.now();
    const cached = this.answerCache.get(id);
    if (cached && now - cached.at < EVALUATION_CACHE_MS) return cached.evaluation;
    const evaluation = this.find(id);
    if (this.answerCache.size > 100) this.answerCache.clear();
    this.answerCache.set(id, { evaluation, at: now });
    // A miss or a failed read is not kept: a new evaluation must be answerable at once.
    evaluation.then(
      (found) => {
        if (!found) this.answerCache.delete(id);
      },
      () => this.answerCache.delete(id),
    );
    return evaluation;
  }

  /** Reads from storage whether the evaluation is open now, and keeps what it read for the answers that follow. */
  private async isOpenNow(id: string): Promise<boolean> {
    const evaluation = await this.find(id);
    if (evaluation) this.answerCache.set(id, { evaluation: Promise.resolve(evaluation), at: Date.now() });
    return evaluation?.state === 'open';
  }

  async get(id: string): Promise<Evaluation> {
    const found = await this.find(id);
    if (!found) throw new NotFound('Evalueringen');
    return found;
  }

  /**
   * A person's profile as an answer's reply needs it (language, staff role): every profile, read
   * at most every 30 seconds and shared by all answers, instead of one read per answer while a
   * hundred people answer at once (a few hundred rows). A profile changed in the last 30 seconds
   * (e.g. "sprog en") shows in the thank-you view a little later; nothing is stored from it.
   */
  async profileForAnswer(userId: string): Promise<UserProfile | undefined> {
    const byId = await this.profiles.get('all', async () => new Map((await this.deps.repos.users.list()).map((p) => [p.userId, p])));
    return byId.get(userId);
  }

  /**
   * Does ahead of the rush what the first answers would otherwise wait for: the card templates'
   * parsing, a first thank-you card of this evaluation (the first expansion of a template compiles
   * much of the expression engine: the first wave of answers paid for it), the profile snapshot and
   * the evaluation's state as the answer writer reads it. Called when an evaluation starts; never
   * fails the start and stores nothing.
   */
  warmUp(evaluation: Evaluation): void {
    try {
      for (const template of Object.values(TEMPLATES)) template.prepare();
      const answers = Object.fromEntries(evaluation.questions.map((q) => [q.id, 3]));
      evaluationThanksCard({ evaluation, lang: 'da', canClose: true, response: { evaluationId: evaluation.id, respondentHash: '', answers, submittedAt: evaluation.startedAt } });
    } catch (error) {
      this.deps.log.warn({ err: error }, 'could not prepare the evaluation cards');
    }
    this.profileForAnswer('').catch((error: unknown) => this.deps.log.warn({ err: error }, 'could not read the profiles ahead of the answers'));
    this.isOpenNow(evaluation.id).catch((error: unknown) => this.deps.log.warn({ err: error }, 'could not read the evaluation ahead of the answers'));
  }

  /**
   * The meeting, read at most every few seconds: every answer's card names it, and a storage
   * round trip per answer for a title that does not change during the vote is not worth it.
   */
  async meeting(id: string): Promise<Meeting | undefined> {
    return this.meetings.get(id, async () => (await this.deps.repos.meetings.get(id))?.value);
  }

  /** Every evaluation (oldest first) with its response count; `meetingId` narrows to one meeting. */
  async list(meetingId?: string): Promise<EvaluationSummary[]> {
    const evaluations = (await this.deps.repos.evaluations.list()).filter((e) => !meetingId || e.meetingId === meetingId);
    const counts = await Promise.all(evaluations.map((e) => this.deps.repos.evaluations.responses(e.id).then((r) => r.length)));
    return evaluations.map((e, i) => ({ ...e, responseCount: counts[i]! }));
  }

  /** Today's meeting (Danish date), the one "evaluering start" means when none is named. */
  async meetingToday(): Promise<Meeting | undefined> {
    const today = todayIn(this.deps.clock);
    return (await this.deps.repos.meetings.list()).filter((m) => m.date === today).at(-1);
  }

  /** The meetings to offer when none is today's: the next ones and the latest past ones, in date order. */
  async meetingsAround(count = 2): Promise<Meeting[]> {
    const today = todayIn(this.deps.clock);
    const meetings = [...(await this.deps.repos.meetings.list())].sort((a, b) => a.date.localeCompare(b.date));
    return [...meetings.filter((m) => m.date < today).slice(-count), ...meetings.filter((m) => m.date > today).slice(0, count)];
  }

  /** The open evaluation of a meeting, if any. */
  async openEvaluationOf(meetingId: string): Promise<Evaluation | undefined> {
    return (await this.deps.repos.evaluations.list()).find((e) => e.meetingId === meetingId && e.state === 'open');
  }

  /**
   * The open evaluation someone means by "luk" without naming one: the latest they started, else
   * the latest started by anyone. By start time: the list comes in id order, which is not the order
   * evaluations were started in.
   */
  async latestOpen(startedBy?: string): Promise<Evaluation | undefined> {
    const open = (await this.deps.repos.evaluations.list()).filter((e) => e.state === 'open').sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    return (startedBy ? open.filter((e) => e.startedBy === startedBy).at(-1) : undefined) ?? open.at(-1);
  }

  /**
   * Starts an evaluation (staff only) and posts its card to every channel and group chat (a
   * meeting chat is a group chat). One open evaluation per meeting: starting again is refused
   * with 409, after completing the first one's posting if a crash cut it short.
   */
  async start(input: unknown, principal: Principal): Promise<{ evaluation: Evaluation; targets: number }> {
    requireStaff(principal);
    const parsed = parseOrThrow(startSchema, input);
    const now = this.deps.clock.now();
    if (parsed.closesAt && Date.parse(parsed.closesAt) <= now.getTime()) throw new ValidationError([{ field: 'closesAt', message: 'skal ligge ud i fremtiden' }]);
    if (!(await this.meeting(parsed.meetingId))) throw new ValidationError([{ field: 'meetingId', message: 'er ikke et kendt møde' }]);

    const existing = (await this.deps.repos.evaluations.list()).filter((e) => e.meetingId === parsed.meetingId);
    const open = existing.find((e) => e.state === 'open');
    if (open) {
      await this.announce(open);
      throw new Conflict('EvaluationAlreadyOpen', 'Der er allerede en åben evaluering af dette møde. Luk den, før du starter en ny.');
    }
    // Ids follow the meeting (eval-<meeting>, eval-<meeting>-2, ...), so two staff starting at the same moment collide on the insert, and one wins.
    const evaluation: Evaluation = {
      ...parsed,
      id: existing.length ? `eval-${parsed.meetingId}-${existing.length + 1}` : `eval-${parsed.meetingId}`,
      state: 'open',
      startedAt: now.toISOString(),
      startedBy: principal.userId,
    };
    try {
      await this.deps.repos.evaluations.create(evaluation);
    } catch (error) {
      if (error instanceof AlreadyExists) throw new Conflict('EvaluationAlreadyOpen', 'Evalueringen af dette møde er netop startet af en anden.');
      throw error;
    }
    if (evaluation.closesAt) {
      await this.deps.scheduler.schedule({ id: evaluationCloseJobId(evaluation.id), kind: 'evaluationClose', dueAt: new Date(evaluation.closesAt), payload: { evaluationId: evaluation.id } });
    }
    const { targets } = await this.announce(evaluation);
    this.warmUp(evaluation);
    this.deps.log.info({ evaluationId: evaluation.id, meetingId: evaluation.meetingId, targets, by: principal.userId }, 'evaluation started');
    return { evaluation, targets };
  }

  /** Posts the evaluation's card to every channel and group chat; publishing again sends nothing twice. */
  async announce(evaluation: Evaluation): Promise<{ targets: number }> {
    const { targets } = await this.deps.delivery.publish({ id: evaluationNotificationId(evaluation.id), kind: 'evaluation', subjectId: evaluation.id, audience: { kind: 'channels' } });
    return { targets };
  }

  /**
   * Closes an evaluation (staff, or the closing time): no more answers, and the shared cards
   * turn into the final result. Closing a closed evaluation changes nothing.
   */
  async close(id: string, by: Principal | 'schedule'): Promise<{ evaluation: Evaluation; closedNow: boolean }> {
    if (by !== 'schedule') requireStaff(by);
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.deps.repos.evaluations.get(id);
      if (!current) throw new NotFound('Evalueringen');
      if (current.value.state === 'closed') return { evaluation: current.value, closedNow: false };
      const closed: Evaluation = { ...current.value, state: 'closed', closedAt: this.deps.clock.now().toISOString() };
      try {
        await this.deps.repos.evaluations.replace(closed, current.etag);
      } catch (error) {
        if (error instanceof Stale) continue;
        throw error;
      }
      this.answerCache.delete(id);
      if (by !== 'schedule') await this.deps.scheduler.cancel(evaluationCloseJobId(id));
      // A job, not a call: the final cards must be shown even if this instance stops right now.
      await this.deps.scheduler.schedule({ id: finalCardsJobId(id), kind: 'evaluationFinalCards', dueAt: this.deps.clock.now(), payload: { evaluationId: id } });
      this.deps.log.info({ evaluationId: id, by: by === 'schedule' ? 'schedule' : by.userId }, 'evaluation closed');
      return { evaluation: closed, closedNow: true };
    }
    throw new Stale('Evalueringen');
  }

  /** The stored answer of a person, if they have answered. */
  async responseOf(evaluationId: string, userId: string): Promise<EvaluationResponse | undefined> {
    return (await this.deps.repos.evaluations.response(evaluationId, respondentHash(this.deps.hashKey, evaluationId, userId)))?.value;
  }

  /**
   * Stores a person's validated answer under the keyed hash of their user id (never their name).
   * A first answer is one insert, written together with the answers that arrive at the same time
   * and only if the evaluation is still open in storage (else {@link EvaluationClosedError});
   * answering again replaces the earlier answer with an ETag check, so of two answers from the same
   * person at the same moment the one received later wins, whichever reaches storage last. Then
   * asks for the shared cards to be updated, without waiting.
   */
  async submit(evaluation: Evaluation, userId: string, answers: Record<string, number>, comment: string | undefined, receivedAt: string): Promise<SubmitOutcome> {
    const { evaluations } = this.deps.repos;
    const response: EvaluationResponse = {
      evaluationId: evaluation.id,
      respondentHash: respondentHash(this.deps.hashKey, evaluation.id, userId),
      answers,
      ...(comment ? { comment } : {}),
      submittedAt: receivedAt,
    };
    const stored = (replaced: boolean): SubmitOutcome => {
      this.refresher.touch(evaluationNotificationId(evaluation.id));
      return { response, replaced, superseded: false };
    };
    const first = await this.writer.insert(evaluation.id, response);
    if (first === 'closed') throw new EvaluationClosedError();
    if (first === 'stored') return stored(false);
    const row = {
      read: () => evaluations.response(evaluation.id, response.respondentHash),
      insert: (r: EvaluationResponse) => evaluations.insertResponse(r),
      replace: (r: EvaluationResponse, etag: string) => evaluations.replaceResponse(r, etag),
    };
    const { kept, replaced, superseded } = await keepLatestAnswer(row, response, evaluation.id);
    return superseded ? { response: kept, replaced: false, superseded: true } : stored(replaced);
  }

  /** The evaluation with its meeting, responses and results; `reveal` shows averages and comments of an open evaluation (staff). */
  async results(id: string, reveal: boolean): Promise<{ evaluation: Evaluation; meeting?: Meeting; responses: EvaluationResponse[]; results: EvaluationResults }> {
    const evaluation = await this.get(id);
    const [meeting, responses] = await Promise.all([this.meeting(evaluation.meetingId), this.deps.repos.evaluations.responses(id)]);
    return { evaluation, meeting, responses, results: evaluationResults(evaluation, meeting, responses, { reveal }) };
  }

  /**
   * Asks the delivery engine for a coalesced refresh of the shared cards. True when a refresh is
   * now waiting to run: it will read storage after this moment. False when one was running (the
   * engine joins the request to it, and it may have read storage too early).
   */
  private async requestRefresh(notificationId: string): Promise<boolean> {
    await this.deps.delivery.refreshCards(notificationId);
    return this.deps.delivery.refreshPending(notificationId);
  }

  /**
   * Makes sure a refresh that reads storage after this moment will run: the scheduler either
   * schedules one or, when one is running, marks it to run once more when it finishes.
   */
  private ensureCardsRefreshed(notificationId: string): Promise<void> {
    return this.deps.delivery.refreshCards(notificationId);
  }

  /** Stops asking for card refreshes; waits for requests in flight. */
  stop(): Promise<void> {
    return this.refresher.stop();
  }
}
