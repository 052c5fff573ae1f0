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
import { AlreadyExists, Conflict, NotFound } from '../domain/errors.ts';
import { EVALUATION_COMMENT_ID, evaluationNotificationId, evaluationResponseFromStored, evaluationSurveyRow } from '../domain/evaluationSurvey.ts';
import { SurveyClosedError, SurveyService } from '../surveys/surveyService.ts';
import { evaluationThanksCard } from './evaluationCards.ts';
import { evaluationResults, type EvaluationResults } from './evaluationResults.ts';

export { evaluationNotificationId };

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
const PROFILE_SNAPSHOT_MS = 30_000;

const evaluationJobPayload = z.object({ evaluationId: z.string().min(1) });
/**
 * Meeting evaluations, the evaluation API's view of surveys of kind 'evaluation': what is the
 * evaluation's own stays here (its meeting, per-meeting ids, "one open evaluation per meeting",
 * its statements and cards), while starting, answering (keyed hash, later answer wins), live card
 * updates and closing are the survey engine's ({@link SurveyService}).
 */
export class EvaluationService {
  private readonly surveys: SurveyService;
  /** True when this service made its own survey engine (none was given), so it stops it too. */
  private readonly ownsEngine: boolean;
  private readonly meetings = new TtlCache<Meeting | undefined>({ ttlMs: MEETING_CACHE_MS, maxEntries: 100 });
  private readonly profiles = new TtlCache<Map<string, UserProfile>>({ ttlMs: PROFILE_SNAPSHOT_MS });

  constructor(
    private readonly deps: ServiceDeps & {
      /** The key of the respondent hash (config.evaluationHashKey). */
      readonly hashKey: string;
      /** How often the engine asks for a card refresh while answers arrive (the delivery refresh interval). */
      readonly refreshIntervalMs: number;
      /** The survey engine the app runs (shared with the surveys capability); without it this service makes one. */
      readonly surveys?: SurveyService;
    },
  ) {
    this.ownsEngine = !deps.surveys;
    this.surveys = deps.surveys ?? new SurveyService(deps);
  }

  /**
   * Jobs scheduled before evaluations became surveys (new evaluations close by the engine's
   * `surveyClose` and `surveyFinalCards`): they still run after an upgrade.
   */
  readonly jobs: readonly JobSpec[] = [
    jobKind('evaluationClose', evaluationJobPayload, async ({ evaluationId }) => {
      await this.close(evaluationId, 'schedule');
    }),
    jobKind('evaluationFinalCards', evaluationJobPayload, ({ evaluationId }) => this.deps.delivery.refreshCards(evaluationNotificationId(evaluationId))),
  ];

  /** The evaluation, or undefined when there is none with this id. */
  async find(id: string): Promise<Evaluation | undefined> {
    return (await this.deps.repos.evaluations.get(id))?.value;
  }

  /**
   * The evaluation as answers need it to be read (statements, scale): the survey engine's copy,
   * read at most once a second per instance and shared by the answers that arrive together.
   * Whether it is still open when an answer is stored is checked against storage by the engine.
   */
  findForAnswer(id: string): Promise<Evaluation | undefined> {
    return this.surveys.evaluationForAnswer(id);
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
    this.findForAnswer(evaluation.id).catch((error: unknown) => this.deps.log.warn({ err: error }, 'could not read the evaluation ahead of the answers'));
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
      await this.surveys.announceEvaluation(open);
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
    let targets: number;
    try {
      ({ targets } = await this.surveys.startEvaluation(evaluation));
    } catch (error) {
      if (error instanceof AlreadyExists) throw new Conflict('EvaluationAlreadyOpen', 'Evalueringen af dette møde er netop startet af en anden.');
      throw error;
    }
    this.warmUp(evaluation);
    this.deps.log.info({ evaluationId: evaluation.id, meetingId: evaluation.meetingId, targets, by: principal.userId }, 'evaluation started');
    return { evaluation, targets };
  }

  /** Posts the evaluation's card to every channel and group chat; publishing again sends nothing twice. */
  announce(evaluation: Evaluation): Promise<{ targets: number }> {
    return this.surveys.announceEvaluation(evaluation);
  }

  /**
   * Closes an evaluation (staff, or the closing time): no more answers, and the shared cards
   * turn into the final result. Closing a closed evaluation changes nothing.
   */
  close(id: string, by: Principal | 'schedule'): Promise<{ evaluation: Evaluation; closedNow: boolean }> {
    return this.surveys.closeEvaluation(id, by);
  }

  /** The stored answer of a person, if they have answered. */
  async responseOf(evaluationId: string, userId: string): Promise<EvaluationResponse | undefined> {
    return (await this.deps.repos.evaluations.response(evaluationId, respondentHash(this.deps.hashKey, evaluationId, userId)))?.value;
  }

  /**
   * Stores a person's validated answer by the survey engine's answer path: under the keyed hash of
   * their user id (never their name), first answers by group commit only while the evaluation is
   * open in storage (else {@link EvaluationClosedError}), a second answer replacing the first with
   * an ETag check so the one received later wins; the engine then asks for the shared cards to be
   * updated, without waiting.
   */
  async submit(evaluation: Evaluation, userId: string, answers: Record<string, number>, comment: string | undefined, receivedAt: string): Promise<SubmitOutcome> {
    try {
      const outcome = await this.surveys.submit(evaluationSurveyRow(evaluation), { userId }, { ...answers, ...(comment ? { [EVALUATION_COMMENT_ID]: comment } : {}) }, {}, receivedAt);
      return { response: evaluationResponseFromStored(outcome.response), replaced: outcome.replaced, superseded: outcome.superseded };
    } catch (error) {
      if (error instanceof SurveyClosedError) throw new EvaluationClosedError();
      throw error;
    }
  }

  /** The evaluation with its meeting, responses and results; `reveal` shows averages and comments of an open evaluation (staff). */
  async results(id: string, reveal: boolean): Promise<{ evaluation: Evaluation; meeting?: Meeting; responses: EvaluationResponse[]; results: EvaluationResults }> {
    const evaluation = await this.get(id);
    const [meeting, responses] = await Promise.all([this.meeting(evaluation.meetingId), this.deps.repos.evaluations.responses(id)]);
    return { evaluation, meeting, responses, results: evaluationResults(evaluation, meeting, responses, { reveal }) };
  }

  /** Stops the survey engine this service made itself (the app's engine is stopped by the surveys capability). */
  async stop(): Promise<void> {
    if (this.ownsEngine) await this.surveys.stop();
  }
}
