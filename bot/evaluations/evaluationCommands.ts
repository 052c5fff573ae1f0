import type { Config } from '../config.ts';
import type { Repositories } from '../storage/repositories.ts';
import { danishDateOf, type Clock } from '../domain/time.ts';
import { formatDate, type Language } from '../domain/language.ts';
import type { Meeting } from '../domain/meeting.ts';
import { principalOf } from '../auth/principal.ts';
import { z } from 'zod';
import type { ChatCommand } from '../conversation/cardActions.ts';
import { cardAction, type CardActionSpec } from '../capability.ts';
import type { Installation } from '../storage/installationRepository.ts';
import type { UserProfile } from '../domain/user.ts';
import { noticeCard } from '../cards/conversationCards.ts';
import { profileOf } from '../conversation/people.ts';
import { card, text, type Reply, type TurnInfo } from '../conversation/turn.ts';
import { Conflict } from '../domain/errors.ts';
import { ValidationError } from '../domain/validation.ts';
import { t } from '../cards/strings.ts';
import { sharedEvaluationCard } from './evaluationRenderer.ts';
import { evaluationNotificationId, type EvaluationService } from './evaluationService.ts';

/** What can follow "evaluering start": a meeting (id or date), a closing time in minutes, "løbende" for live results, "igen" for a further evaluation of an evaluated meeting. */
interface StartOptions {
  readonly meetingRef?: string;
  readonly minutes?: number;
  readonly live: boolean;
  /** Present (true) only when asked: staff start a second evaluation of a meeting on purpose only. */
  readonly again?: true;
}

/** Reads "evaluering start [møde-id | dato] [15 min] [løbende] [igen]"; undefined when a word is not understood. */
export function parseStartArgs(args: string): StartOptions | undefined {
  const words = args.trim().toLowerCase().split(/\s+/).filter(Boolean);
  let meetingRef: string | undefined;
  let minutes: number | undefined;
  let live = false;
  let again = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (/^\d{1,3}$/.test(word)) {
      minutes = Number(word);
      if (['min', 'min.', 'minutter', 'minutes', 'minutter.'].includes(words[i + 1] ?? '')) i++;
      if (minutes < 1 || minutes > 240) return undefined;
    } else if (/^\d{1,3}min$/.test(word)) {
      minutes = Number(word.slice(0, -3));
      if (minutes < 1 || minutes > 240) return undefined;
    } else if (['løbende', 'lobende', 'loebende', 'live'].includes(word)) live = true;
    else if (['igen', 'again'].includes(word)) again = true;
    else if (!meetingRef) meetingRef = word;
    else return undefined;
  }
  return { meetingRef, minutes, live, ...(again ? { again: true as const } : {}) };
}

/** "Programledermøde november 2026 (23-11-2026)". */
function meetingName(meeting: Meeting | undefined, fallback: string, lang: Language): string {
  return meeting ? `${meeting.title} (${formatDate(meeting.date, lang)})` : fallback;
}

/** The verb of the buttons that choose a meeting to evaluate when none is today's. */
const START_FOR_VERB = 'evaluationStartFor';
const startForAction = z.looseObject({ meetingId: z.string().min(1).max(120), minutes: z.unknown().optional(), live: z.unknown().optional() });

/** "kanalen i KOMBIT-programledere og mødechatten": where an evaluation's cards went, by name where Teams told it. */
export function whereText(targets: readonly Installation[], lang: Language): string {
  const channels = targets.filter((i) => i.conversationType === 'channel');
  const meetingChats = targets.filter((i) => i.conversationType === 'groupChat' && i.conversationId.includes('meeting_'));
  const groupChats = targets.filter((i) => i.conversationType === 'groupChat' && !i.conversationId.includes('meeting_'));
  const named = (one: Installation, da: string, en: string) => (one.name ? t(lang, `${da} i ${one.name}`, `${en} in ${one.name}`) : t(lang, da, en));
  const parts = [
    channels.length === 1 ? named(channels[0]!, 'kanalen', 'the channel') : channels.length ? t(lang, `${channels.length} kanaler`, `${channels.length} channels`) : '',
    meetingChats.length === 1 ? t(lang, 'mødechatten', 'the meeting chat') : meetingChats.length ? t(lang, `${meetingChats.length} mødechats`, `${meetingChats.length} meeting chats`) : '',
    groupChats.length === 1 ? named(groupChats[0]!, 'gruppechatten', 'the group chat') : groupChats.length ? t(lang, `${groupChats.length} gruppechats`, `${groupChats.length} group chats`) : '',
  ].filter(Boolean);
  if (parts.length === 0) return t(lang, 'ingen kanaler endnu (appen er ikke føjet til et team eller en chat)', 'no channels yet (the app is not added to a team or chat)');
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} ${t(lang, 'og', 'and')} ${parts.at(-1)}`;
}

/**
 * "evaluering start" and "evaluering luk" (English: "evaluation start", "evaluation close"),
 * typed to the bot in a channel or chat. KOMBIT staff only; anyone else gets a clear refusal.
 */
export function evaluationCommands(deps: { repos: Repositories; config: Config; clock: Clock; service: EvaluationService }): { commands: ChatCommand[]; cardActions: CardActionSpec[] } {
  const { repos, config, clock, service } = deps;

  const staffProfile = async (turn: TurnInfo) => {
    const { profile, isNew } = await profileOf(repos, config, turn);
    // Remember staff, so their card actions (which carry no e-mail) know them later.
    if (isNew && profile.role === 'kombit') await repos.users.save(profile);
    return profile;
  };

  const findMeeting = async (ref: string): Promise<Meeting | undefined> => {
    const meetings = await repos.meetings.list();
    const dated = /^(\d{2})-(\d{2})-(\d{4})$/.exec(ref);
    const date = dated ? `${dated[3]}-${dated[2]}-${dated[1]}` : ref;
    return meetings.find((m) => m.id.toLowerCase() === ref) ?? meetings.filter((m) => m.date === date).at(-1);
  };

  /** No meeting named and none today: the coming and latest meetings to choose from. */
  const chooseMeeting = async (lang: Language, options: StartOptions): Promise<Reply[]> => {
    const meetings = await service.meetingsAround();
    if (meetings.length === 0) return [text(t(lang, 'Jeg kan ikke finde et møde at evaluere. Opret mødet i fanen først.', 'I cannot find a meeting to evaluate. Create the meeting in the tab first.'))];
    return [
      card(
        noticeCard({
          title: t(lang, 'Der er intet programledermøde i dag. Hvilket møde vil du evaluere?', 'There is no program-leader meeting today. Which meeting do you want to evaluate?'),
          lines: [t(lang, 'Du kan også skrive "evaluering start <dato>", fx "evaluering start 23-11-2026".', 'You can also type "evaluation start <date>", e.g. "evaluation start 23-11-2026".')],
          choices: meetings.map((m) => ({ title: meetingName(m, m.id, lang), verb: START_FOR_VERB, data: { meetingId: m.id, ...(options.minutes ? { minutes: options.minutes } : {}), ...(options.live ? { live: true } : {}) } })),
        }),
      ),
    ];
  };

  /** Starts the evaluation of a chosen meeting; a meeting evaluated before only with "igen". */
  const startFor = async (turn: TurnInfo, profile: UserProfile, meeting: Meeting, options: StartOptions): Promise<Reply[]> => {
    const lang = profile.language;
    const earlier = (await service.list(meeting.id)).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    const open = earlier.find((e) => e.state === 'open');
    if (open) {
      return [text(t(lang, `Evalueringen af ${meetingName(meeting, meeting.id, lang)} er allerede i gang (${open.responseCount} svar). Skriv "evaluering luk" for at lukke den.`, `The evaluation of ${meetingName(meeting, meeting.id, lang)} is already running (${open.responseCount} answers). Type "evaluation close" to close it.`))];
    }
    const last = earlier.at(-1);
    if (last && !options.again) {
      const closed = last.closedAt ? t(lang, `, lukket ${formatDate(danishDateOf(last.closedAt), lang)}`, `, closed ${formatDate(danishDateOf(last.closedAt), lang)}`) : '';
      return [
        text(
          t(
            lang,
            `${meetingName(meeting, meeting.id, lang)} er allerede evalueret (${last.responseCount} svar${closed}). Der er ikke startet en ny evaluering. Vil du evaluere mødet igen, så skriv "evaluering start ${meeting.id} igen".`,
            `${meetingName(meeting, meeting.id, lang)} has already been evaluated (${last.responseCount} answers${closed}). No new evaluation was started. To evaluate the meeting again, type "evaluation start ${meeting.id} again".`,
          ),
        ),
      ];
    }
    const closesAt = options.minutes ? new Date(clock.now().getTime() + options.minutes * 60_000).toISOString() : undefined;
    try {
      const { evaluation } = await service.start({ meetingId: meeting.id, showLiveResults: options.live, ...(closesAt ? { closesAt } : {}) }, principalOf(profile));
      const entries = await repos.notifications.entries(evaluationNotificationId(evaluation.id));
      const targets = (await Promise.all(entries.map((e) => repos.installations.get(e.targetKey)))).flatMap((found) => (found ? [found.value] : []));
      const where = whereText(targets, lang);
      const lines = [
        t(lang, `Evalueringen af ${meetingName(meeting, meeting.id, lang)} er startet og sendt til ${where}.`, `The evaluation of ${meetingName(meeting, meeting.id, lang)} has started and was sent to ${where}.`),
        options.minutes ? t(lang, `Den lukker af sig selv om ${options.minutes} minutter.`, `It closes by itself in ${options.minutes} minutes.`) : t(lang, 'Luk den med "evaluering luk" eller knappen Luk evaluering på kortet.', 'Close it with "evaluation close" or the Close evaluation button on the card.'),
      ];
      const replies: Reply[] = [text(lines.join(' '))];
      // A 1:1 chat gets no channel card; show the staff member the card as participants see it (they can answer here too).
      if (turn.conversation.type === 'personal') replies.push(card(sharedEvaluationCard(evaluation, meeting, [], clock.now())));
      return replies;
    } catch (error) {
      if (error instanceof Conflict && error.code === 'EvaluationAlreadyOpen') {
        return [text(t(lang, `Evalueringen af ${meetingName(meeting, meeting.id, lang)} er allerede i gang. Skriv "evaluering luk" for at lukke den.`, `The evaluation of ${meetingName(meeting, meeting.id, lang)} is already running. Type "evaluation close" to close it.`))];
      }
      if (error instanceof ValidationError) return [text(t(lang, `Evalueringen kunne ikke startes: ${error.issues.map((i) => `${i.field} ${i.message}`).join('; ')}.`, 'The evaluation could not be started: check the meeting and the closing time.'))];
      throw error;
    }
  };

  const refuseStart = (lang: Language) => [text(t(lang, 'Kun KOMBIT-medarbejdere kan starte en evaluering. Evalueringskortet kommer her i kanalen, når mødet skal evalueres.', 'Only KOMBIT staff can start an evaluation. The evaluation card will appear here in the channel when the meeting is evaluated.'))];

  const start: ChatCommand = {
    phrases: ['evaluering start', 'evaluation start'],
    async run(turn, args): Promise<Reply[]> {
      const profile = await staffProfile(turn);
      const lang = profile.language;
      if (profile.role !== 'kombit') return refuseStart(lang);
      const options = parseStartArgs(args);
      if (!options) {
        return [text(t(lang, 'Det forstod jeg ikke. Skriv fx "evaluering start", "evaluering start 15 min" (lukker om 15 minutter) eller "evaluering start 23-11-2026 løbende" (viser resultater løbende).', 'I did not understand that. Type e.g. "evaluation start", "evaluation start 15 min" (closes in 15 minutes) or "evaluation start 23-11-2026 live" (shows results as they come in).'))];
      }
      if (!options.meetingRef) {
        const today = await service.meetingToday();
        return today ? startFor(turn, profile, today, options) : chooseMeeting(lang, options);
      }
      const meeting = await findMeeting(options.meetingRef);
      if (!meeting) return [text(t(lang, `Jeg kender intet møde "${options.meetingRef}". Skriv mødets id eller dato (dd-mm-åååå).`, `I know no meeting "${options.meetingRef}". Type the meeting's id or date (dd-mm-yyyy).`))];
      return startFor(turn, profile, meeting, options);
    },
  };

  // A button of the choice above: the meeting was named by a click, so it is started as if typed.
  const startForMeeting = cardAction(START_FOR_VERB, startForAction, async (turn, data) => {
    const profile = await staffProfile(turn);
    const lang = profile.language;
    if (profile.role !== 'kombit') return { kind: 'message', text: t(lang, 'Kun KOMBIT-medarbejdere kan starte en evaluering. Intet er startet.', 'Only KOMBIT staff can start an evaluation. Nothing was started.') };
    const meeting = (await repos.meetings.get(data.meetingId))?.value;
    if (!meeting) return { kind: 'message', text: t(lang, 'Mødet findes ikke længere. Intet er startet.', 'The meeting no longer exists. Nothing was started.') };
    const minutes = typeof data.minutes === 'number' && data.minutes >= 1 && data.minutes <= 240 ? data.minutes : undefined;
    const replies = await startFor(turn, profile, meeting, { live: data.live === true, ...(minutes ? { minutes } : {}) });
    const first = replies[0]!;
    return first.kind === 'text'
      ? { kind: 'card', card: noticeCard({ title: first.text, tone: first.text.includes('er startet') || first.text.includes('has started') ? 'good' : 'default' }) }
      : { kind: 'card', card: first.card };
  }, { da: 'Mødet findes ikke længere. Intet er startet.', en: 'The meeting no longer exists. Nothing was started.' });

  const close: ChatCommand = {
    phrases: ['evaluering luk', 'evaluering stop', 'evaluation close', 'evaluation stop'],
    async run(turn, args): Promise<Reply[]> {
      const profile = await staffProfile(turn);
      const lang = profile.language;
      if (profile.role !== 'kombit') return [text(t(lang, 'Kun KOMBIT-medarbejdere kan lukke en evaluering.', 'Only KOMBIT staff can close an evaluation.'))];
      const ref = args.trim().toLowerCase();
      const meeting = ref ? await findMeeting(ref) : undefined;
      if (ref && !meeting) return [text(t(lang, `Jeg kender intet møde "${args.trim()}". Intet er lukket.`, `I know no meeting "${args.trim()}". Nothing was closed.`))];
      // The one named, else the latest this person started (not whichever open one comes first).
      const open = meeting ? await service.openEvaluationOf(meeting.id) : await service.latestOpen(profile.userId);
      if (!open) return [text(meeting ? t(lang, `Der er ingen åben evaluering af ${meetingName(meeting, meeting.id, lang)}.`, `There is no open evaluation of ${meetingName(meeting, meeting.id, lang)}.`) : t(lang, 'Der er ingen åben evaluering at lukke.', 'There is no open evaluation to close.'))];
      const { evaluation } = await service.close(open.id, principalOf(profile));
      const { results, meeting: evaluated } = await service.results(evaluation.id, true);
      return [
        text(
          t(
            lang,
            `Evalueringen af ${meetingName(evaluated, evaluation.meetingId, lang)} er lukket med ${results.responseCount} svar. Kortene viser nu resultatet.`,
            `The evaluation of ${meetingName(evaluated, evaluation.meetingId, lang)} is closed with ${results.responseCount} answers. The cards now show the results.`,
          ),
        ),
      ];
    },
  };

  return { commands: [start, close], cardActions: [startForMeeting] };
}
