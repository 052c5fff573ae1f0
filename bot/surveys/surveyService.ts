import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { reminderInstantOnWorkingDay } from '../domain/danishCalendar.ts';
import { jobKind, type JobSpec, type ServiceDeps } from '../capability.ts';
import { requireStaff, type Principal } from '../auth/principal.ts';
import { Conflict, NotFound, Stale } from '../domain/errors.ts';
import { respondentHash } from '../domain/anonymity.ts';
import { TtlCache } from '../domain/ttlCache.ts';
import { ValidationError } from '../domain/validation.ts';
import type { UserProfile } from '../domain/user.ts';
import { matchRosterRole, type RosterRoleId } from '../domain/roster.ts';
import { knownPeople } from '../roster/rosterAudience.ts';
import {
  editableFields,
  expectedMunicipalitiesOf,
  isAnswerable,
  municipalityKey,
  parseSurvey,
  type AnswerValue,
  type Survey,
  type SurveyRecipient,
  type SurveyResponse,
} from '../domain/survey.ts';
import { CardRefresher } from '../notifications/cardRefresher.ts';
import { AnswerWriter, keepLatestAnswer } from '../domain/answerWriter.ts';
import { surveyFormCard, type Progress } from './surveyCards.ts';
import type { AdaptiveCard } from '../conversation/turn.ts';
import { applyTemplate, EVALUATION_TEMPLATE, templateFromSurvey, type SurveyTemplate } from '../domain/surveyTemplate.ts';
import { EVALUATION_NOTIFICATION_KIND, evaluationAsSurvey, evaluationNotificationId, evaluationResponseAsSurvey, evaluationSurveyRow, isEvaluationRow } from '../domain/evaluationSurvey.ts';
import type { Evaluation } from '../domain/evaluation.ts';

/** The notifications that carry a survey's cards: the people's 1:1 chats, one per municipality in municipality mode, and the channels. */
export const surveyNotificationIds = {
  people: (surveyId: string, bucket: number) => `survey:${surveyId}:people:${bucket}`,
  municipality: (surveyId: string, code: string) => `survey:${surveyId}:m:${code}`,
  chats: (surveyId: string) => `survey:${surveyId}:chats`,
};
/** One reminder round to one bucket of people; publishing the same round again sends nothing twice. */
export const reminderNotificationId = (surveyId: string, round: string, bucket: number) => `surveyReminder:${surveyId}:${round}:${bucket}`;

/**
 * People are split over notifications of about this many: a notification keeps its audience in
 * one table column, which holds at most 32K characters (some 800 user ids). The bucket is a hash
 * of the user id and the number of buckets follows the recipients counted when the survey was
 * sent, so a person is in the same bucket whenever a round is published again.
 */
const PEOPLE_PER_BUCKET = 500;
function byBucket(userIds: readonly string[], recipientCount: number): Map<number, string[]> {
  const count = Math.max(1, Math.ceil(recipientCount / PEOPLE_PER_BUCKET));
  const buckets = new Map<number, string[]>();
  for (const id of userIds) {
    const b = createHash('sha256').update(id).digest().readUInt32BE(0) % count;
    buckets.set(b, [...(buckets.get(b) ?? []), id]);
  }
  return new Map([...buckets].sort(([a], [b]) => a - b));
}
const closeJobId = (surveyId: string) => `surveyClose:${surveyId}`;
const openJobId = (surveyId: string) => `surveyOpen:${surveyId}`;
const reminderJobId = (surveyId: string, at: string) => `surveyReminder:${surveyId}:${at}`;
const finalCardsJobId = (surveyId: string) => `surveyFinalCards:${surveyId}`;

/** The notification kinds the capability renders. */
export const SURVEY_KIND = 'survey';
export const SURVEY_REMINDER_KIND = 'surveyReminder';

/** The answer was not stored: the survey had closed. */
export class SurveyClosedError extends Conflict {
  constructor() {
    super('SurveyClosed', 'Spørgeskemaet er lukket, så svaret er ikke gemt.');
  }
}

/** Who answers: the person, with what the answer needs from their profile. */
export interface Respondent {
  readonly userId: string;
  readonly name?: string;
  readonly municipalityCode?: string;
}

/** A survey as lists show it. */
export interface SurveySummary extends Survey {
  readonly progress: Progress;
}

const surveyJob = z.object({ surveyId: z.string().min(1).max(120) });
const reminderJob = z.object({ surveyId: z.string().min(1).max(120), round: z.string().min(1).max(80) });
/** A survey and its answer count are read at most this often per instance while answers arrive. */
const ANSWER_CACHE_MS = 1000;
/** Every profile, read at most this often while answers arrive (as the evaluation does). */
const PROFILE_SNAPSHOT_MS = 30_000;

/**
 * Surveys: definitions (staff), sending to an audience through the delivery engine, answers (one
 * per person by keyed hash, or one per municipality; the answer received later wins), reminders
 * to exactly those who have not answered, and closing.
 */
export class SurveyService {
  private readonly refresher: CardRefresher;
  private readonly writer: AnswerWriter<SurveyResponse>;
  private readonly forAnswers = new TtlCache<Survey | undefined>({ ttlMs: ANSWER_CACHE_MS, maxEntries: 100 });
  private readonly profiles = new TtlCache<Map<string, UserProfile>>({ ttlMs: PROFILE_SNAPSHOT_MS });
  /** Answer counts per survey, read from storage at most once a second; answers stored here since are added at once. */
  private readonly counts = new Map<string, { value: Promise<number>; at: number; known: number }>();

  constructor(private readonly deps: ServiceDeps & { readonly hashKey: string; readonly refreshIntervalMs: number }) {
    this.refresher = new CardRefresher(
      async (id) => {
        await deps.delivery.refreshCards(id);
        return deps.delivery.refreshPending(id);
      },
      deps.refreshIntervalMs,
      deps.log,
    );
    // Each group of first answers is written only if the survey is still open in storage, whichever instance closed it.
    this.writer = new AnswerWriter<SurveyResponse>(
      (surveyId, responses) => deps.repos.surveys.insertResponses(surveyId, responses),
      async (surveyId) => {
        const survey = await this.findRow(surveyId);
        return survey !== undefined && isAnswerable(survey, deps.clock.now());
      },
    );
  }

  /** Opening at the opening time, closing at the closing time, reminder rounds, and the last card update after a close. */
  readonly jobs: readonly JobSpec[] = [
    jobKind('surveyOpen', surveyJob, async ({ surveyId }) => {
      await this.openNow(surveyId);
    }),
    jobKind('surveyClose', surveyJob, async ({ surveyId }) => {
      await this.closeRow(surveyId, 'schedule', () => true, 'Spørgeskemaet');
    }),
    jobKind('surveyReminder', reminderJob, async ({ surveyId, round }) => {
      await this.remind(surveyId, round);
    }),
    jobKind('surveyFinalCards', surveyJob, async ({ surveyId }) => {
      const survey = await this.findRow(surveyId);
      if (survey) for (const id of await this.notificationIdsOf(survey)) await this.deps.delivery.refreshCards(id);
    }),
  ];

  async find(id: string): Promise<Survey | undefined> {
    return (await this.deps.repos.surveys.get(id))?.value;
  }

  async get(id: string): Promise<Survey> {
    const found = await this.find(id);
    if (!found) throw new NotFound('Spørgeskemaet');
    return found;
  }

  /** A survey, or a meeting evaluation stored as a survey of kind 'evaluation' (the engine's answer and close paths take both). */
  private async findRow(id: string): Promise<Survey | undefined> {
    return (await this.deps.repos.surveys.getRow(id))?.value;
  }

  /** The survey as an answer needs it: read at most once a second, shared by the answers that arrive together. */
  async findForAnswer(id: string): Promise<Survey | undefined> {
    const row = await this.rowForAnswer(id);
    return row && !isEvaluationRow(row) ? row : undefined;
  }

  /**
   * A meeting evaluation as its answers need it (the evaluation API's cards answer through this
   * engine): read at most once a second, shared with the answers that arrive together.
   */
  async evaluationForAnswer(id: string): Promise<Evaluation | undefined> {
    const row = await this.rowForAnswer(id);
    return row && isEvaluationRow(row) ? row.evaluation : undefined;
  }

  private rowForAnswer(id: string): Promise<Survey | undefined> {
    const row = this.forAnswers.get(id, () => this.findRow(id));
    // A miss is not kept: a survey or evaluation started on another instance must be answerable at once.
    row.then((found) => found || this.forAnswers.invalidate(id), () => undefined);
    return row;
  }

  /**
   * A person's profile as an answer needs it (name, municipality, staff role): from a snapshot of
   * every profile taken at most every 30 seconds and shared by all answers, instead of a read per
   * answer while a thousand people answer. A person missing from the snapshot, or without a
   * municipality in it, is read afresh, so choosing a municipality counts at once.
   */
  async profileForAnswer(userId: string): Promise<UserProfile | undefined> {
    const snapshot = await this.profiles.get('all', async () => new Map((await this.deps.repos.users.list()).map((p) => [p.userId, p])));
    const known = snapshot.get(userId);
    if (known?.municipalityCode) return known;
    return (await this.deps.repos.users.get(userId))?.value;
  }

  /**
   * Every survey with its progress, and the meeting evaluations of the evaluation API as surveys
   * of kind 'evaluation' (oldest first).
   */
  async list(): Promise<SurveySummary[]> {
    const [surveys, evaluations, meetings] = await Promise.all([this.deps.repos.surveys.list(), this.deps.repos.evaluations.list(), this.deps.repos.meetings.list()]);
    const meetingById = new Map(meetings.map((m) => [m.id, m]));
    const own = await Promise.all(surveys.map(async (s) => ({ ...s, progress: await this.progress(s) })));
    const evaluated = await Promise.all(
      evaluations.map(async (e) => ({ ...evaluationAsSurvey(e, meetingById.get(e.meetingId)), progress: { answered: (await this.deps.repos.evaluations.responses(e.id)).length, unit: 'persons' as const } })),
    );
    return [...own, ...evaluated].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /**
   * A survey and its answers as the results read them: a survey of the engine, or a meeting
   * evaluation of the evaluation API read as a survey (its answers keep their keyed hash).
   */
  async withAnswers(id: string): Promise<{ survey: Survey; responses: SurveyResponse[] }> {
    const survey = await this.find(id);
    if (survey) return { survey, responses: await this.deps.repos.surveys.responses(id) };
    const evaluation = (await this.deps.repos.evaluations.get(id))?.value;
    if (!evaluation) throw new NotFound('Spørgeskemaet');
    const [meeting, responses] = await Promise.all([this.deps.repos.meetings.get(evaluation.meetingId), this.deps.repos.evaluations.responses(id)]);
    return { survey: evaluationAsSurvey(evaluation, meeting?.value), responses: responses.map(evaluationResponseAsSurvey) };
  }

  /** The templates: the built-in meeting evaluation first, then those saved by staff. */
  async templates(): Promise<SurveyTemplate[]> {
    return [EVALUATION_TEMPLATE, ...(await this.deps.repos.surveyTemplates.list())];
  }

  /** Saves a survey (or an evaluation listed among the surveys) as a template (staff). */
  async saveTemplate(surveyId: string, input: unknown, principal: Principal): Promise<SurveyTemplate> {
    requireStaff(principal);
    const { survey } = await this.withAnswers(surveyId);
    const template = templateFromSurvey(survey, input, { id: `template-${randomUUID().slice(0, 8)}`, now: this.deps.clock.now(), by: principal.userId });
    await this.deps.repos.surveyTemplates.create(template);
    this.deps.log.info({ templateId: template.id, surveyId, by: principal.userId }, 'survey template saved');
    return template;
  }

  /**
   * The input of a new survey: as sent, or (with `fromTemplate`) the template's fields with those
   * sent in their place. The evaluation template without an audience goes to every channel and
   * meeting chat where the app is installed, as the meeting evaluation does.
   */
  private async surveyInput(input: unknown): Promise<{ input: unknown; template?: SurveyTemplate }> {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return { input };
    if (!('fromTemplate' in input)) return { input: await this.withInstalledChats(input as Record<string, unknown>) };
    const { fromTemplate, ...overrides } = input as Record<string, unknown>;
    const template = typeof fromTemplate === 'string' ? (await this.templates()).find((t) => t.id === fromTemplate) : undefined;
    if (!template) throw new ValidationError([{ field: 'fromTemplate', message: 'Skabelonen findes ikke' }]);
    const applied = applyTemplate(template, overrides);
    if (!applied.audience && template.kind === 'evaluation') applied.audience = { installedChats: true };
    return { input: await this.withInstalledChats(applied), template };
  }

  /**
   * `audience.installedChats: true` means every channel and meeting chat where the app is
   * installed now: written into the survey as those conversations, so it is sent where it was
   * meant when it was written.
   */
  private async withInstalledChats(input: Record<string, unknown>): Promise<Record<string, unknown>> {
    const audience = input.audience;
    if (typeof audience !== 'object' || audience === null || !('installedChats' in audience)) return input;
    const { installedChats, ...rest } = audience as Record<string, unknown>;
    if (installedChats !== true) return { ...input, audience: rest };
    const conversations = Array.isArray(rest.conversations) ? [...(rest.conversations as unknown[])] : [];
    for await (const i of this.deps.repos.installations.active()) if (i.conversationType !== 'personal' && !conversations.includes(i.conversationId)) conversations.push(i.conversationId);
    if (!conversations.length) throw new ValidationError([{ field: 'audience', message: 'Appen er ikke installeret i nogen kanal eller mødechat, så spørgeskemaet har ingen modtagere der' }]);
    return { ...input, audience: { ...rest, conversations: conversations.slice(0, 50) } };
  }

  /**
   * The card a survey would be sent as, built by the same code as the cards the bot sends
   * (staff; the tab's preview). Checked like a new survey: a refusal names the question.
   */
  async preview(input: unknown, principal: Principal): Promise<AdaptiveCard> {
    requireStaff(principal);
    const now = this.deps.clock.now();
    const parsed = parseSurvey((await this.surveyInput(input)).input, now);
    const survey: Survey = { ...parsed, id: 'preview', state: 'open', createdAt: now.toISOString(), createdBy: principal.userId };
    return surveyFormCard({ survey, progress: { answered: 0, unit: survey.perMunicipality ? 'municipalities' : 'persons', ...(survey.perMunicipality ? { expected: expectedMunicipalitiesOf(survey.audience).length } : {}) }, viewer: { staff: false } });
  }

  /** Creates a draft (staff), from a template when `fromTemplate` names one. Conversations must be channels or chats where the app is installed. */
  async create(input: unknown, principal: Principal): Promise<Survey> {
    requireStaff(principal);
    const now = this.deps.clock.now();
    const source = await this.surveyInput(input);
    const parsed = parseSurvey(source.input, now);
    await this.checkConversations(parsed.audience.conversations ?? []);
    const survey: Survey = {
      ...parsed,
      ...(source.template ? { templateId: source.template.id, ...(source.template.kind === 'evaluation' ? { kind: 'evaluation' as const } : {}) } : {}),
      id: `survey-${randomUUID().slice(0, 8)}`,
      state: 'draft',
      createdAt: now.toISOString(),
      createdBy: principal.userId,
    };
    await this.deps.repos.surveys.create(survey);
    this.deps.log.info({ surveyId: survey.id, by: principal.userId }, 'survey created');
    return survey;
  }

  private async checkConversations(ids: readonly string[]): Promise<void> {
    if (!ids.length) return;
    const known = new Set<string>();
    for await (const i of this.deps.repos.installations.active()) if (i.conversationType !== 'personal') known.add(i.conversationId);
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) throw new ValidationError(unknown.map((id) => ({ field: 'audience.conversations', message: `Appen er ikke installeret i samtalen ${id}` })));
  }

  /**
   * Changes a draft (staff): the fields sent replace the stored ones and the whole survey is
   * checked again. A sent survey cannot be changed, except its closing time while it is open.
   */
  async update(id: string, input: unknown, principal: Principal): Promise<Survey> {
    requireStaff(principal);
    const current = await this.deps.repos.surveys.get(id);
    if (!current) throw new NotFound('Spørgeskemaet');
    const sent = typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Record<string, unknown>) : {};
    const survey = current.value;
    if (survey.state !== 'draft') {
      const keys = Object.keys(sent);
      if (survey.state === 'closed' || keys.some((k) => k !== 'closesAt')) throw new Conflict('SurveySent', 'Spørgeskemaet er sendt, så kun lukketidspunktet kan ændres, mens det er åbent.');
    }
    const next = parseSurvey(await this.withInstalledChats({ ...editableFields(survey), ...sent }), this.deps.clock.now());
    await this.checkConversations(next.audience.conversations ?? []);
    const updated: Survey = survey.state === 'draft' ? { ...survey, ...next } : { ...survey, closesAt: next.closesAt };
    try {
      await this.deps.repos.surveys.replace(updated, current.etag);
    } catch (error) {
      if (error instanceof Stale) throw new Conflict('SurveyChanged', 'Spørgeskemaet blev ændret af en anden imens. Hent det igen, og prøv igen.');
      throw error;
    }
    this.forAnswers.invalidate(id);
    if (survey.state !== 'draft') await this.deps.scheduler.schedule({ id: closeJobId(id), kind: 'surveyClose', dueAt: new Date(updated.closesAt), payload: { surveyId: id } });
    return updated;
  }

  /**
   * The people a person audience means. Program leaders are the roster's (known in Teams) and, for
   * people not on the roster, those who chose a municipality themselves; other roles come from the
   * roster alone. Chosen municipalities or regions narrow any of them.
   */
  private async resolveRecipients(survey: Survey): Promise<SurveyRecipient[]> {
    const a = survey.audience;
    if (!(a.all || a.roles?.length || a.municipalities?.length || a.regions?.length)) return [];
    const roles = new Set<RosterRoleId>((a.roles ?? []).map((r) => matchRosterRole(r)).filter((r) => r !== undefined));
    if (!a.roles?.length) roles.add('programleder');
    const named = a.municipalities?.length || a.regions?.length ? new Set(expectedMunicipalitiesOf({ municipalities: a.municipalities, regions: a.regions })) : undefined;
    // One answer per municipality needs to know whose: a person without a municipality cannot answer for one.
    const expected = survey.perMunicipality ? new Set(survey.expectedMunicipalities ?? []) : undefined;
    const inScope = (code: string | undefined) => (!named || (code !== undefined && named.has(code))) && (!expected || (code !== undefined && expected.has(code)));
    const [users, known] = await Promise.all([this.deps.repos.users.list(), knownPeople(this.deps.repos)]);
    const onRoster = new Set(known.flatMap((p) => (p.userId ? [p.userId] : [])));
    const recipients = new Map<string, SurveyRecipient>();
    for (const p of known) {
      if (p.userId && !recipients.has(p.userId) && p.roles.some((r) => roles.has(r)) && inScope(p.municipalityCode)) recipients.set(p.userId, { surveyId: survey.id, userId: p.userId, municipalityCode: p.municipalityCode });
    }
    if (roles.has('programleder')) {
      for (const p of users) {
        if (p.role !== 'programleder' || onRoster.has(p.userId) || !inScope(p.municipalityCode)) continue;
        recipients.set(p.userId, { surveyId: survey.id, userId: p.userId, ...(p.municipalityCode ? { municipalityCode: p.municipalityCode } : {}) });
      }
    }
    return [...recipients.values()];
  }

  /**
   * Sends a draft (staff): records who it goes to, schedules its closing and reminders, and posts
   * the cards now (or at the opening time). Sending again posts nothing twice.
   */
  async send(id: string, principal: Principal): Promise<{ survey: Survey; recipients: number; targets: number }> {
    requireStaff(principal);
    const current = await this.deps.repos.surveys.get(id);
    if (!current) throw new NotFound('Spørgeskemaet');
    let survey = current.value;
    const now = this.deps.clock.now();
    if (survey.state === 'closed') throw new Conflict('SurveyClosed', 'Spørgeskemaet er lukket og kan ikke sendes igen.');
    if (survey.state === 'draft') {
      if (Date.parse(survey.closesAt) <= now.getTime()) throw new ValidationError([{ field: 'closesAt', message: 'Lukketidspunktet er passeret. Ret det, før spørgeskemaet sendes.' }]);
      const expectedMunicipalities = survey.perMunicipality ? expectedMunicipalitiesOf(survey.audience) : undefined;
      const recipients = await this.resolveRecipients({ ...survey, ...(expectedMunicipalities ? { expectedMunicipalities } : {}) });
      // The recipients first: a crash after them and before the state change leaves a draft that can be sent again.
      await this.deps.repos.surveys.saveRecipients(id, recipients);
      const opensLater = survey.opensAt !== undefined && Date.parse(survey.opensAt) > now.getTime();
      survey = { ...survey, state: opensLater ? 'scheduled' : 'open', sentAt: now.toISOString(), recipientCount: recipients.length, ...(expectedMunicipalities ? { expectedMunicipalities } : {}) };
      try {
        await this.deps.repos.surveys.replace(survey, current.etag);
      } catch (error) {
        if (error instanceof Stale) throw new Conflict('SurveyChanged', 'Spørgeskemaet blev ændret eller sendt af en anden imens.');
        throw error;
      }
      this.forAnswers.invalidate(id);
      await this.deps.scheduler.schedule({ id: closeJobId(id), kind: 'surveyClose', dueAt: new Date(survey.closesAt), payload: { surveyId: id } });
      // A reminder set on a weekend or day off goes out at the same time on the working day before, not before the survey opens.
      const opens = new Date(Math.max(now.getTime(), survey.opensAt ? Date.parse(survey.opensAt) : 0));
      for (const at of survey.reminders) await this.deps.scheduler.schedule({ id: reminderJobId(id, at), kind: 'surveyReminder', dueAt: reminderInstantOnWorkingDay(new Date(at), opens), payload: { surveyId: id, round: at } });
      if (opensLater) await this.deps.scheduler.schedule({ id: openJobId(id), kind: 'surveyOpen', dueAt: new Date(survey.opensAt!), payload: { surveyId: id } });
      this.deps.log.info({ surveyId: id, recipients: recipients.length, by: principal.userId }, 'survey sent');
    }
    const targets = survey.state === 'open' ? await this.announce(survey) : 0;
    return { survey, recipients: survey.recipientCount ?? 0, targets };
  }

  /** Opens a survey sent before its opening time, and posts its cards. */
  private async openNow(id: string): Promise<void> {
    const current = await this.deps.repos.surveys.get(id);
    if (!current || current.value.state === 'closed') return;
    let survey = current.value;
    if (survey.state === 'scheduled') {
      survey = { ...survey, state: 'open' };
      await this.deps.repos.surveys.replace(survey, current.etag);
      this.forAnswers.invalidate(id);
    }
    if (survey.state === 'open') await this.announce(survey);
  }

  /** The ids of the notifications that carry the survey's cards. */
  private async notificationIdsOf(survey: Survey): Promise<string[]> {
    if (isEvaluationRow(survey)) return [evaluationNotificationId(survey.id)];
    const ids: string[] = [];
    if (survey.audience.conversations?.length) ids.push(surveyNotificationIds.chats(survey.id));
    if (survey.recipientCount) {
      if (survey.perMunicipality) {
        const codes = new Set((await this.deps.repos.surveys.recipients(survey.id)).map((r) => r.municipalityCode).filter((c): c is string => Boolean(c)));
        for (const code of [...codes].sort()) ids.push(surveyNotificationIds.municipality(survey.id, code));
      } else for (const bucket of byBucket((await this.deps.repos.surveys.recipients(survey.id)).map((r) => r.userId), survey.recipientCount).keys()) ids.push(surveyNotificationIds.people(survey.id, bucket));
    }
    return ids;
  }

  /**
   * Posts the cards: to each recipient's 1:1 chat (in municipality mode one notification per
   * municipality, so an answer updates only its colleagues' cards) and to the named channels.
   */
  private async announce(survey: Survey): Promise<number> {
    // A meeting evaluation keeps its one shared card in every channel and group chat, rendered by the evaluations capability.
    if (isEvaluationRow(survey)) {
      return (await this.deps.delivery.publish({ id: evaluationNotificationId(survey.id), kind: EVALUATION_NOTIFICATION_KIND, subjectId: survey.id, audience: { kind: 'channels' } })).targets;
    }
    let targets = 0;
    const publish = async (id: string, audience: Parameters<ServiceDeps['delivery']['publish']>[0]['audience']) => {
      targets += (await this.deps.delivery.publish({ id, kind: SURVEY_KIND, subjectId: survey.id, audience })).targets;
    };
    if (survey.audience.conversations?.length) await publish(surveyNotificationIds.chats(survey.id), { kind: 'conversations', conversationIds: survey.audience.conversations });
    if (survey.recipientCount) {
      const recipients = await this.deps.repos.surveys.recipients(survey.id);
      if (survey.perMunicipality) {
        const byCode = new Map<string, string[]>();
        for (const r of recipients) if (r.municipalityCode) byCode.set(r.municipalityCode, [...(byCode.get(r.municipalityCode) ?? []), r.userId]);
        for (const [code, userIds] of [...byCode].sort()) await publish(surveyNotificationIds.municipality(survey.id, code), { kind: 'users', userIds });
      } else for (const [bucket, userIds] of byBucket(recipients.map((r) => r.userId), survey.recipientCount)) await publish(surveyNotificationIds.people(survey.id, bucket), { kind: 'users', userIds });
    }
    return targets;
  }

  /**
   * Starts a meeting evaluation as a survey of kind 'evaluation', sent at once: stores it under
   * the id the evaluation API chose (refused with AlreadyExists when that id is taken, so of two
   * starts at the same moment one wins), schedules its closing time like any survey's, and posts
   * its card to every channel and group chat.
   */
  async startEvaluation(evaluation: Evaluation): Promise<{ survey: Survey; targets: number }> {
    await this.deps.repos.evaluations.create(evaluation);
    const survey = evaluationSurveyRow(evaluation);
    this.forAnswers.invalidate(survey.id);
    if (evaluation.closesAt) await this.deps.scheduler.schedule({ id: closeJobId(survey.id), kind: 'surveyClose', dueAt: new Date(evaluation.closesAt), payload: { surveyId: survey.id } });
    return { survey, targets: await this.announce(survey) };
  }

  /** Posts a started evaluation's card again (after a start cut short); publishing again sends nothing twice. */
  async announceEvaluation(evaluation: Evaluation): Promise<{ targets: number }> {
    return { targets: await this.announce(evaluationSurveyRow(evaluation)) };
  }

  /**
   * Closes a survey (staff or the closing time): no more answers, and every card shows the closed
   * state. The survey API closes surveys only; a meeting evaluation closes through its own API
   * ({@link closeEvaluation}), which knows its meeting.
   */
  close(id: string, by: Principal | 'schedule'): Promise<{ survey: Survey; closedNow: boolean }> {
    return this.closeRow(id, by, (row) => !isEvaluationRow(row), 'Spørgeskemaet');
  }

  /** Closes a meeting evaluation (staff or its closing time) as any survey closes: no more answers, and its shared cards show the result. */
  async closeEvaluation(id: string, by: Principal | 'schedule'): Promise<{ evaluation: Evaluation; closedNow: boolean }> {
    const { survey, closedNow } = await this.closeRow(id, by, isEvaluationRow, 'Evalueringen');
    if (!isEvaluationRow(survey)) throw new NotFound('Evalueringen');
    return { evaluation: survey.evaluation, closedNow };
  }

  private async closeRow(id: string, by: Principal | 'schedule', accept: (row: Survey) => boolean, noun: string): Promise<{ survey: Survey; closedNow: boolean }> {
    if (by !== 'schedule') requireStaff(by);
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await this.deps.repos.surveys.getRow(id);
      if (!current || !accept(current.value)) throw new NotFound(noun);
      if (current.value.state === 'closed') return { survey: current.value, closedNow: false };
      if (current.value.state === 'draft') throw new Conflict('SurveyNotSent', 'Spørgeskemaet er ikke sendt endnu, så der er intet at lukke.');
      const closedAt = this.deps.clock.now().toISOString();
      const row = current.value;
      // An evaluation's row is written from the evaluation it carries, which the evaluation API reads.
      const closed: Survey = isEvaluationRow(row) ? evaluationSurveyRow({ ...row.evaluation, state: 'closed', closedAt }) : { ...row, state: 'closed', closedAt };
      try {
        if (isEvaluationRow(closed)) await this.deps.repos.evaluations.replace(closed.evaluation, current.etag);
        else await this.deps.repos.surveys.replace(closed, current.etag);
      } catch (error) {
        if (error instanceof Stale) continue;
        throw error;
      }
      this.forAnswers.invalidate(id);
      if (by !== 'schedule') await this.deps.scheduler.cancel(closeJobId(id));
      for (const at of closed.reminders) await this.deps.scheduler.cancel(reminderJobId(id, at));
      await this.deps.scheduler.cancel(openJobId(id));
      // A job, not a call: the closed cards must be shown even if this instance stops right now.
      await this.deps.scheduler.schedule({ id: finalCardsJobId(id), kind: 'surveyFinalCards', dueAt: this.deps.clock.now(), payload: { surveyId: id } });
      this.deps.log.info({ surveyId: id, by: by === 'schedule' ? 'schedule' : by.userId }, 'survey closed');
      return { survey: closed, closedNow: true };
    }
    throw new Stale(noun);
  }

  /** The row key of a person's answer: their keyed hash, or their municipality's key in municipality mode. */
  keyOf(survey: Survey, respondent: Pick<Respondent, 'userId' | 'municipalityCode'>): string | undefined {
    if (survey.perMunicipality) return respondent.municipalityCode ? municipalityKey(respondent.municipalityCode) : undefined;
    return respondentHash(this.deps.hashKey, survey.id, respondent.userId);
  }

  /** The stored answer a person sees as theirs (their own, or their municipality's). */
  async responseOf(survey: Survey, respondent: Pick<Respondent, 'userId' | 'municipalityCode'>): Promise<SurveyResponse | undefined> {
    const key = this.keyOf(survey, respondent);
    return key ? (await this.deps.repos.surveys.response(survey.id, key))?.value : undefined;
  }

  /**
   * Stores a checked answer. A first answer goes by group commit, only while the survey is open in
   * storage (else {@link SurveyClosedError}, nothing stored); answering again replaces, and the
   * answer received later wins, whichever reaches storage last (the replace is ETag-checked).
   * Then asks for the cards that show the count (channels) or the answer (the municipality's
   * colleagues) to be updated, without waiting.
   */
  async submit(survey: Survey, respondent: Respondent, answers: Record<string, AnswerValue>, other: Record<string, string>, receivedAt: string): Promise<{ response: SurveyResponse; replaced: boolean; superseded: boolean }> {
    if (!isAnswerable(survey, new Date(receivedAt))) throw new SurveyClosedError();
    const key = this.keyOf(survey, respondent);
    if (!key) throw new Conflict('NoMunicipality', 'Vælg først din kommune.');
    const response: SurveyResponse = {
      surveyId: survey.id,
      key,
      answers,
      ...(Object.keys(other).length ? { other } : {}),
      submittedAt: receivedAt,
      ...(survey.anonymous ? {} : { respondent: { userId: respondent.userId, ...(respondent.name ? { name: respondent.name } : {}), ...(respondent.municipalityCode ? { municipalityCode: respondent.municipalityCode } : {}) } }),
    };
    const { surveys } = this.deps.repos;
    const stored = (replaced: boolean) => {
      if (!replaced) this.countNewAnswer(survey.id);
      if (isEvaluationRow(survey)) this.refresher.touch(evaluationNotificationId(survey.id));
      if (survey.audience.conversations?.length) this.refresher.touch(surveyNotificationIds.chats(survey.id));
      if (survey.perMunicipality && respondent.municipalityCode) this.refresher.touch(surveyNotificationIds.municipality(survey.id, respondent.municipalityCode));
      return { response, replaced, superseded: false };
    };
    const first = await this.writer.insert(survey.id, response);
    if (first === 'closed') throw new SurveyClosedError();
    if (first === 'stored') return stored(false);
    const row = { read: () => surveys.response(survey.id, key), insert: (r: SurveyResponse) => surveys.insertResponse(r), replace: (r: SurveyResponse, etag: string) => surveys.replaceResponse(r, etag) };
    const { kept, replaced, superseded } = await keepLatestAnswer(row, response, survey.id);
    return superseded ? { response: kept, replaced: false, superseded: true } : stored(replaced);
  }

  /**
   * How many have answered, and of how many. Read from storage at most once a second per survey
   * (a thousand answers must not each read the whole partition); answers stored by this instance
   * meanwhile are counted at once. A failed read shows the last count known rather than failing
   * the answer it is shown with.
   */
  async progress(survey: Survey): Promise<Progress> {
    const answered = await this.answerCount(survey.id);
    if (survey.perMunicipality) return { answered, expected: survey.expectedMunicipalities?.length, unit: 'municipalities' };
    return { answered, expected: survey.recipientCount || undefined, unit: 'persons' };
  }

  private answerCount(surveyId: string): Promise<number> {
    const cached = this.counts.get(surveyId);
    if (cached && Date.now() - cached.at < ANSWER_CACHE_MS) return cached.value;
    if (this.counts.size > 100) this.counts.clear();
    const entry = { at: Date.now(), known: cached?.known ?? 0, value: Promise.resolve(0) };
    entry.value = this.deps.repos.surveys.responses(surveyId).then(
      (rows) => (entry.known = rows.length),
      (error: unknown) => {
        this.deps.log.warn({ err: error, surveyId }, 'could not count the answers; showing the last count');
        entry.at = 0;
        return entry.known;
      },
    );
    this.counts.set(surveyId, entry);
    return entry.value;
  }

  private countNewAnswer(surveyId: string): void {
    const entry = this.counts.get(surveyId);
    if (!entry) return;
    entry.value = entry.value.then((n) => (entry.known = n + 1));
  }

  /** The recipients who have not answered (per person), or whose municipality has not (municipality mode). */
  async missing(survey: Survey): Promise<{ recipients: SurveyRecipient[]; municipalities: string[] }> {
    const [recipients, responses] = await Promise.all([this.deps.repos.surveys.recipients(survey.id), this.deps.repos.surveys.responses(survey.id)]);
    const answered = new Set(responses.map((r) => r.key));
    const left = recipients.filter((r) => {
      const key = this.keyOf(survey, r);
      return key !== undefined && !answered.has(key);
    });
    const municipalities = survey.perMunicipality ? (survey.expectedMunicipalities ?? []).filter((code) => !answered.has(municipalityKey(code))) : [];
    return { recipients: left, municipalities };
  }

  /**
   * Reminds those who have not answered: one reminder round, published once whatever happens
   * (a job run again after a restart publishes the same round, which sends nothing twice).
   */
  async remind(id: string, round: string): Promise<{ reminded: number; municipalities: number }> {
    const survey = await this.find(id);
    if (!survey || !isAnswerable(survey, this.deps.clock.now())) return { reminded: 0, municipalities: 0 };
    const { recipients } = await this.missing(survey);
    if (!recipients.length) return { reminded: 0, municipalities: 0 };
    // The municipalities whose leaders get this round (a municipality without a leader who has the app is not reached).
    const municipalities = survey.perMunicipality ? new Set(recipients.map((r) => r.municipalityCode)).size : 0;
    let reminded = 0;
    for (const [bucket, userIds] of byBucket(recipients.map((r) => r.userId), survey.recipientCount ?? recipients.length)) {
      reminded += (await this.deps.delivery.publish({ id: reminderNotificationId(id, round, bucket), kind: SURVEY_REMINDER_KIND, subjectId: id, audience: { kind: 'users', userIds } })).targets;
    }
    this.deps.log.info({ surveyId: id, round, reminded }, 'survey reminder');
    return { reminded, municipalities };
  }

  /**
   * "Påmind de manglende nu" (staff): a round named by the minute, so a double click or two staff
   * pressing at once remind each person once.
   */
  async remindNow(id: string, principal: Principal): Promise<{ reminded: number; municipalities: number }> {
    requireStaff(principal);
    const survey = await this.get(id);
    if (!isAnswerable(survey, this.deps.clock.now())) throw new Conflict('SurveyNotOpen', 'Spørgeskemaet er ikke åbent, så der sendes ingen påmindelser.');
    if (!survey.recipientCount) throw new Conflict('NoRecipients', 'Spørgeskemaet er sendt til kanaler, ikke til personer, så appen ved ikke, hvem der mangler.');
    return this.remind(id, `manual-${this.deps.clock.now().toISOString().slice(0, 16)}`);
  }

  /** Stops asking for card refreshes; waits for requests in flight. */
  stop(): Promise<void> {
    return this.refresher.stop();
  }

  /** The answer's respondent from a profile (the name from Teams where the profile has none). */
  static respondentOf(userId: string, profile: UserProfile | undefined, name?: string): Respondent {
    return { userId, ...(profile?.name ?? name ? { name: profile?.name ?? name } : {}), ...(profile?.municipalityCode ? { municipalityCode: profile.municipalityCode } : {}) };
  }
}
