import type { Config } from '../config.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { Clock } from '../domain/time.ts';
import { formatDate, type Language } from '../domain/language.ts';
import type { Meeting } from '../domain/meeting.ts';
import type { Principal } from '../auth/principal.ts';
import type { Conversation } from '../conversation/conversation.ts';
import { profileOf } from '../conversation/people.ts';
import { card, text, type Reply, type TurnInfo } from '../conversation/turn.ts';
import { Conflict } from '../domain/errors.ts';
import { ValidationError } from '../domain/validation.ts';
import { t } from '../cards/strings.ts';
import { sharedEvaluationCard } from './evaluationRenderer.ts';
import type { EvaluationService } from './evaluationService.ts';

/** What can follow "evaluering start": a meeting (id or date), a closing time in minutes, "løbende" for live results. */
interface StartOptions {
  readonly meetingRef?: string;
  readonly minutes?: number;
  readonly live: boolean;
}

/** Reads "evaluering start [møde-id | dato] [15 min] [løbende]"; undefined when a word is not understood. */
export function parseStartArgs(args: string): StartOptions | undefined {
  const words = args.trim().toLowerCase().split(/\s+/).filter(Boolean);
  let meetingRef: string | undefined;
  let minutes: number | undefined;
  let live = false;
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
    else if (!meetingRef) meetingRef = word;
    else return undefined;
  }
  return { meetingRef, minutes, live };
}

function principalOf(profile: { userId: string; name?: string; email?: string }): Principal {
  return { userId: profile.userId, name: profile.name, email: profile.email, role: 'kombit', demo: false };
}

/** "Programledermøde november 2026 (23-11-2026)". */
function meetingName(meeting: Meeting | undefined, fallback: string, lang: Language): string {
  return meeting ? `${meeting.title} (${formatDate(meeting.date, lang)})` : fallback;
}

/**
 * "evaluering start" and "evaluering luk" (English: "evaluation start", "evaluation close"),
 * typed to the bot in a channel or chat. KOMBIT staff only; anyone else gets a clear refusal.
 */
export function registerEvaluationCommands(conversation: Conversation, deps: { repos: Repositories; config: Config; clock: Clock; service: EvaluationService }): void {
  const { repos, config, clock, service } = deps;

  const staffProfile = async (turn: TurnInfo) => {
    const { profile, isNew } = await profileOf(repos, config, turn);
    // Remember staff, so their card actions (which carry no e-mail) know them later.
    if (isNew && profile.role === 'kombit') await repos.users.save(profile);
    return profile;
  };

  const findMeeting = async (ref: string | undefined): Promise<Meeting | undefined> => {
    if (!ref) return service.meetingToEvaluate();
    const meetings = await repos.meetings.list();
    const dated = /^(\d{2})-(\d{2})-(\d{4})$/.exec(ref);
    const date = dated ? `${dated[3]}-${dated[2]}-${dated[1]}` : ref;
    return meetings.find((m) => m.id.toLowerCase() === ref) ?? meetings.filter((m) => m.date === date).at(-1);
  };

  conversation.addCommand({
    phrases: ['evaluering start', 'evaluation start'],
    async run(turn, args): Promise<Reply[]> {
      const profile = await staffProfile(turn);
      const lang = profile.language;
      if (profile.role !== 'kombit') {
        return [text(t(lang, 'Kun KOMBIT-medarbejdere kan starte en evaluering. Evalueringskortet kommer her i kanalen, når mødet skal evalueres.', 'Only KOMBIT staff can start an evaluation. The evaluation card will appear here in the channel when the meeting is evaluated.'))];
      }
      const options = parseStartArgs(args);
      if (!options) {
        return [text(t(lang, 'Det forstod jeg ikke. Skriv fx "evaluering start", "evaluering start 15 min" (lukker om 15 minutter) eller "evaluering start 2026-11-23 løbende" (viser resultater løbende).', 'I did not understand that. Type e.g. "evaluation start", "evaluation start 15 min" (closes in 15 minutes) or "evaluation start 2026-11-23 live" (shows results as they come in).'))];
      }
      const meeting = await findMeeting(options.meetingRef);
      if (!meeting) {
        return [text(options.meetingRef
          ? t(lang, `Jeg kender intet møde "${options.meetingRef}". Skriv mødets id eller dato (åååå-mm-dd).`, `I know no meeting "${options.meetingRef}". Type the meeting's id or date (yyyy-mm-dd).`)
          : t(lang, 'Jeg kan ikke finde et møde at evaluere. Opret mødet i fanen først.', 'I cannot find a meeting to evaluate. Create the meeting in the tab first.'))];
      }
      const closesAt = options.minutes ? new Date(clock.now().getTime() + options.minutes * 60_000).toISOString() : undefined;
      try {
        const { evaluation, targets } = await service.start({ meetingId: meeting.id, showLiveResults: options.live, ...(closesAt ? { closesAt } : {}) }, principalOf(profile));
        const where = targets === 1 ? t(lang, '1 kanal eller chat', '1 channel or chat') : t(lang, `${targets} kanaler og chats`, `${targets} channels and chats`);
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
    },
  });

  conversation.addCommand({
    phrases: ['evaluering luk', 'evaluering stop', 'evaluation close', 'evaluation stop'],
    async run(turn, args): Promise<Reply[]> {
      const profile = await staffProfile(turn);
      const lang = profile.language;
      if (profile.role !== 'kombit') return [text(t(lang, 'Kun KOMBIT-medarbejdere kan lukke en evaluering.', 'Only KOMBIT staff can close an evaluation.'))];
      const ref = args.trim().toLowerCase();
      const meeting = ref ? await findMeeting(ref) : undefined;
      const open = meeting ? await service.openEvaluationOf(meeting.id) : ref ? undefined : await service.latestOpen();
      if (!open) return [text(t(lang, 'Der er ingen åben evaluering at lukke.', 'There is no open evaluation to close.'))];
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
  });
}
