import { z } from 'zod';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import type { Repositories } from '../storage/repositories.ts';
import type { Clock } from '../domain/time.ts';
import { foldText, matchMunicipality, municipalityByCode, municipalityByEmail, municipalityCodeSchema, type Municipality } from '../domain/municipality.ts';
import type { UserProfile } from '../domain/user.ts';
import { chooseMunicipalityCard, helpCard, noticeCard, welcomeChannelCard } from '../cards/conversationCards.ts';
import { commandWord, t } from '../cards/strings.ts';
import { cleanText, parseCommand } from './commands.ts';
import type { ChatCommand } from './cardActions.ts';
import { cardAction, type CardActionSpec, type EventHandlerSpec } from '../capability.ts';
import { profileOf } from './people.ts';
import { matchSolution } from './solutionMatch.ts';
import { municipalityStatusCard } from './municipalityStatus.ts';
import { agreementListCard, deadlineListCard, LISTS, portfolioCard, taskListCard } from './lists.ts';
import { card, text, type ActionResult, type AdaptiveCard, type Reply, type TeamsEvent, type TurnInfo } from './turn.ts';

export interface ConversationDeps {
  readonly repos: Repositories;
  readonly config: Config;
  readonly clock: Clock;
  readonly log: Logger;
}

interface Profiled {
  profile: UserProfile;
  etag?: string;
}

const showMoreSchema = z.object({ list: z.enum(LISTS), page: z.coerce.number().int().min(1).max(100), filter: z.string().max(60).optional() });
const setMunicipalitySchema = z.object({ municipalityCode: municipalityCodeSchema });
const followSchema = z.object({ solutionId: z.string().min(1).max(60) });
const showMunicipalitySchema = z.object({ municipalityCode: municipalityCodeSchema, personal: z.boolean().optional() });

/** Built-in commands that change or show one person's settings: in a channel they are pointed to the 1:1 chat. */
const PERSONAL_COMMANDS = new Set<string>(['follow', 'unfollow', 'following', 'language']);

const THANKS = ['tak', 'mange tak', 'tusind tak', 'tak for det', 'tak for hjaelpen', 'thanks', 'thank you', 'thx'];
const GREETINGS = ['hej', 'hejsa', 'hey', 'hi', 'hello', 'goddag', 'godmorgen', 'god morgen'];
const THUMBS = /^(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F|\u200D|\s|\(y\))+$/u;

/** A friendly short answer to thanks, a 👍 or a greeting, instead of "Mente du hjælp?". */
function smallTalk(cleaned: string): { da: string; en: string } | undefined {
  const folded = foldText(cleaned).replace(/[!.,]+$/g, '').trim();
  if (THANKS.includes(folded) || (cleaned && THUMBS.test(cleaned))) return { da: 'Selv tak! Skriv "hjælp", hvis du vil se, hvad jeg ellers kan.', en: 'You\'re welcome! Type "help" to see what else I can do.' };
  if (GREETINGS.includes(folded)) return { da: 'Hej! Skriv "opgaver", "aftaler" eller "hjælp" for at se, hvad jeg kan.', en: 'Hi! Type "tasks", "agreements" or "help" to see what I can do.' };
  return undefined;
}

/** The portfolio tab as a link from a card: the local page in development, the Teams deep link otherwise. */
export function portfolioTabUrl(config: Config): string {
  return config.devMode ? `${config.tabEndpoint}/tab/` : `https://teams.microsoft.com/l/entity/${encodeURIComponent(config.teamsAppId)}/portfolio`;
}

/**
 * What the bot says: commands typed in chat, card actions, and welcomes. It knows nothing of
 * botbuilder; `bot/teams/` turns activities into {@link TurnInfo} and replies into activities.
 */
export class Conversation {
  private readonly commands: ChatCommand[] = [];

  /** Adds a command from another capability; its phrases are tried before the built-in commands. */
  addCommand(command: ChatCommand): void {
    this.commands.push(command);
  }

  private readonly eventHandlers: EventHandlerSpec[] = [];

  /** Adds a capability's handler of one kind of Teams event. */
  addEventHandler(handler: EventHandlerSpec): void {
    this.eventHandlers.push(handler);
  }

  constructor(private readonly deps: ConversationDeps) {}

  /**
   * Runs every handler of the event's kind; one that fails does not keep the others from running,
   * and the first failure is thrown afterwards so Teams is answered with an error and sends the
   * event again (the handlers are safe to repeat).
   */
  async onEvent(event: TeamsEvent): Promise<void> {
    const handlers = this.eventHandlers.filter((h) => h.name === event.name);
    const failures = (await Promise.allSettled(handlers.map((h) => h.handle(event)))).filter((r) => r.status === 'rejected');
    if (failures.length) throw failures[0]!.reason;
  }

  /** The buttons of the conversation's own cards: choosing a municipality, paging a list, following a solution. */
  cardActions(): CardActionSpec[] {
    const profiled = <S extends z.ZodType>(verb: string, data: S, handle: (data: z.infer<S>, p: Profiled) => Promise<ActionResult>, refusal: { da: string; en: string }) =>
      cardAction(verb, data, async (turn, parsed) => handle(parsed, await profileOf(this.deps.repos, this.deps.config, turn)), refusal);
    const gone = { da: 'Den løsning findes ikke længere. Intet er ændret.', en: 'That solution no longer exists. Nothing was changed.' };
    return [
      profiled('setMunicipality', setMunicipalitySchema, (data, p) => this.setMunicipalityAction(data, p), {
        da: 'Vælg en kommune på listen, og prøv igen. Intet er ændret.',
        en: 'Choose a municipality from the list and try again. Nothing was changed.',
      }),
      profiled('showMore', showMoreSchema, (data, p) => this.showMoreAction(data, p), { da: 'Listen kunne ikke vises. Skriv kommandoen igen.', en: 'The list could not be shown. Type the command again.' }),
      profiled('showMunicipality', showMunicipalitySchema, async (data, p) => ({ kind: 'card', card: await this.municipalityStatus(p.profile.language, municipalityByCode(data.municipalityCode)!, data.personal === true && p.profile.role === 'kombit') }), {
        da: 'Vælg en kommune på listen, og prøv igen.',
        en: 'Choose a municipality from the list and try again.',
      }),
      profiled('follow', followSchema, (data, p) => this.followAction(data, p, true), gone),
      profiled('unfollow', followSchema, (data, p) => this.followAction(data, p, false), gone),
    ];
  }

  /** The "aftaler" list for a person, as a button in it answers: the same list with `notice` on top. */
  agreementList(profile: UserProfile, options: { page?: number; notice?: string }): Promise<AdaptiveCard> {
    return agreementListCard(this.listContext(profile), options);
  }

  private tabUrl(): string {
    return portfolioTabUrl(this.deps.config);
  }

  private listContext(profile: UserProfile) {
    return { repos: this.deps.repos, clock: this.deps.clock, profile, tabUrl: this.tabUrl() };
  }

  private async saveProfile(p: Profiled, profile: UserProfile): Promise<void> {
    p.etag = await this.deps.repos.users.save(profile, p.etag);
    p.profile = profile;
  }

  /** Answers a message typed in chat (mention already stripped or still in the text). */
  async onMessage(turn: TurnInfo, rawText: string): Promise<Reply[]> {
    const p = await profileOf(this.deps.repos, this.deps.config, turn);
    const lang = p.profile.language;
    const cleaned = cleanText(rawText);
    const words = cleaned.split(' ');
    const shared = turn.conversation.type !== 'personal';
    for (const command of this.commands) {
      for (const phrase of command.phrases) {
        const length = phrase.split(' ').length;
        if (foldText(words.slice(0, length).join(' ')) !== phrase) continue;
        if (shared && command.personal) return [this.personalElsewhere(lang, words.slice(0, length).join(' '))];
        return command.run(turn, words.slice(length).join(' '));
      }
    }
    const small = smallTalk(cleaned);
    if (small) return [text(t(lang, small.da, small.en))];
    const parsed = parseCommand(rawText);
    if (parsed.kind === 'unknown') {
      const suggestion = parsed.closest ? t(lang, `Mente du "${commandWord(parsed.closest, lang)}"?`, `Did you mean "${commandWord(parsed.closest, lang)}"?`) : '';
      return [
        card(
          noticeCard({
            title: t(lang, 'Det forstod jeg desværre ikke', 'Sorry, I did not understand that'),
            lines: [suggestion, t(lang, 'Skriv "hjælp" for at se, hvad jeg kan.', 'Type "help" to see what I can do.')].filter(Boolean),
          }),
        ),
      ];
    }
    if (shared && PERSONAL_COMMANDS.has(parsed.name)) return [this.personalElsewhere(lang, cleaned.split(' ')[0] ?? '')];
    const ctx = { ...this.listContext(p.profile), shared };
    switch (parsed.name) {
      case 'help':
        return [card(helpCard(lang, this.tabUrl(), { staff: p.profile.role === 'kombit', channel: shared }))];
      case 'tasks': {
        if (!parsed.args) return [card(await taskListCard(ctx, {}))];
        const match = matchSolution(await this.deps.repos.solutions.list(), parsed.args);
        if (match.kind === 'exact') return [card(await taskListCard(ctx, { solutionId: match.solution.id, solutionName: match.solution.name }))];
        return [card(this.unknownSolution(lang, parsed.args, match.kind === 'ambiguous' ? match.candidates : [], 'tasks'))];
      }
      case 'deadlines':
        return [card(await deadlineListCard(ctx, {}))];
      case 'agreements':
        return [card(await agreementListCard(ctx, {}))];
      case 'portfolio':
        return [card(await portfolioCard(ctx))];
      case 'municipality':
        // A channel, or KOMBIT staff who have no municipality of their own, look at one municipality instead of choosing it.
        if (shared || p.profile.role === 'kombit') return [await this.showMunicipalityByName(lang, parsed.args, !shared)];
        return [await this.setMunicipalityByName(turn, p, parsed.args)];
      case 'follow':
      case 'unfollow':
        return [await this.followByName(p, parsed.args, parsed.name === 'follow')];
      case 'following':
        return [await this.followingReply(p.profile)];
      case 'language': {
        const wanted = parsed.args.trim().toLowerCase();
        const language = wanted.startsWith('en') ? 'en' : wanted.startsWith('da') || wanted.startsWith('dansk') ? 'da' : undefined;
        if (!language) return [text(t(lang, 'Skriv "sprog da" for dansk eller "sprog en" for engelsk.', 'Type "language en" for English or "language da" for Danish.'))];
        await this.saveProfile(p, { ...p.profile, language });
        return [text(language === 'en' ? 'I will speak English with you from now on.' : 'Jeg taler dansk med dig fra nu af.')];
      }
    }
  }

  /** The answer to a personal setting typed where others read along: where to type it instead; nothing changes. */
  private personalElsewhere(lang: UserProfile['language'], word: string): Reply {
    return text(
      t(
        lang,
        `"${word}" er en personlig indstilling, så den klarer vi i en 1:1-chat, hvor andre ikke læser med: skriv det til mig dér (under Chat eller Apps → KOMBIT Programledere). Intet er ændret.`,
        `"${word}" is a personal setting, so let us do it in a 1:1 chat where nobody else reads along: type it to me there (under Chat or Apps → KOMBIT Programledere). Nothing was changed.`,
      ),
    );
  }

  /** The welcome when the app is installed: a card in a team or group chat; in a 1:1 chat, the choice of municipality. */
  async onInstalled(turn: TurnInfo): Promise<Reply[]> {
    if (turn.conversation.type !== 'personal') return [card(welcomeChannelCard('da', this.tabUrl()))];
    const p = await profileOf(this.deps.repos, this.deps.config, turn);
    if (p.isNew) await this.saveProfile(p, p.profile);
    const current = p.profile.municipalityCode ? municipalityByCode(p.profile.municipalityCode) : undefined;
    return [card(chooseMunicipalityCard(p.profile.language, { welcome: true, current, proposal: current ? undefined : municipalityByEmail(turn.user.email) }))];
  }

  private unknownSolution(lang: UserProfile['language'], query: string, candidates: { id: string; name: string }[], purpose: 'tasks' | 'follow' | 'unfollow'): AdaptiveCard {
    if (candidates.length > 0) {
      const verb = purpose === 'tasks' ? 'showMore' : purpose;
      return noticeCard({
        title: t(lang, `Flere løsninger passer på "${query}". Hvilken mener du?`, `Several solutions match "${query}". Which one?`),
        choices: candidates.slice(0, 5).map((s) => ({
          title: s.name,
          verb,
          data: purpose === 'tasks' ? { list: 'tasks', page: 1, filter: s.id } : { solutionId: s.id },
        })),
      });
    }
    return noticeCard({
      title: t(lang, `Jeg kender ingen løsning, der hedder "${query}".`, `I know no solution called "${query}".`),
      lines: [t(lang, 'Skriv "portefølje" for at se KOMBITs løsninger.', 'Type "portfolio" to see KOMBIT\'s solutions.')],
      tone: 'attention',
    });
  }

  private async setMunicipalityByName(turn: TurnInfo, p: Profiled, name: string): Promise<Reply> {
    const lang = p.profile.language;
    const current = p.profile.municipalityCode ? municipalityByCode(p.profile.municipalityCode) : undefined;
    if (!name.trim()) return card(chooseMunicipalityCard(lang, { welcome: false, current, proposal: current ? undefined : municipalityByEmail(turn.user.email) }));
    const match = matchMunicipality(name);
    if (match.kind === 'exact') return card(await this.saveMunicipality(p, match.municipality));
    if (match.kind === 'ambiguous') {
      return card(
        noticeCard({
          title: t(lang, `Flere kommuner passer på "${name}". Hvilken er din?`, `Several municipalities match "${name}". Which is yours?`),
          choices: match.candidates.slice(0, 6).map((m) => ({ title: m.name, verb: 'setMunicipality', data: { municipalityCode: m.code } })),
        }),
      );
    }
    return card(
      noticeCard({
        title: t(lang, `Jeg kender ingen kommune, der hedder "${name}".`, `I know no municipality called "${name}".`),
        lines: [t(lang, 'Din kommune er ikke ændret. Prøv fx "kommune Lyngby-Taarbæk".', 'Your municipality was not changed. Try e.g. "municipality Aarhus".')],
        choices: match.suggestions.map((m) => ({ title: m.name, verb: 'setMunicipality', data: { municipalityCode: m.code } })),
        tone: 'attention',
      }),
    );
  }

  private municipalityStatus(lang: UserProfile['language'], municipality: Municipality, offerAsOwn: boolean): Promise<AdaptiveCard> {
    return municipalityStatusCard({ repos: this.deps.repos, clock: this.deps.clock, lang, tabUrl: this.tabUrl(), offerAsOwn }, municipality);
  }

  /** "kommune Hedensted" from staff or in a channel: that municipality's status; nobody's own municipality changes. */
  private async showMunicipalityByName(lang: UserProfile['language'], name: string, personal: boolean): Promise<Reply> {
    if (!name.trim()) return text(t(lang, 'Skriv fx "kommune Hedensted" for at se én kommunes status.', 'Type e.g. "municipality Hedensted" to see one municipality\'s status.'));
    const match = matchMunicipality(name);
    if (match.kind === 'exact') return card(await this.municipalityStatus(lang, match.municipality, personal));
    const choices = (match.kind === 'ambiguous' ? match.candidates.slice(0, 6) : match.suggestions).map((m) => ({ title: m.name, verb: 'showMunicipality', data: { municipalityCode: m.code, personal } }));
    return card(
      noticeCard({
        title: match.kind === 'ambiguous' ? t(lang, `Flere kommuner passer på "${name}". Hvilken mener du?`, `Several municipalities match "${name}". Which one?`) : t(lang, `Jeg kender ingen kommune, der hedder "${name}".`, `I know no municipality called "${name}".`),
        choices,
        ...(match.kind === 'ambiguous' ? {} : { tone: 'attention' as const }),
      }),
    );
  }

  private async saveMunicipality(p: Profiled, municipality: Municipality): Promise<AdaptiveCard> {
    await this.saveProfile(p, { ...p.profile, municipalityCode: municipality.code });
    const lang = p.profile.language;
    return noticeCard({
      title: t(lang, `Din kommune er nu ${municipality.name}`, `Your municipality is now ${municipality.name}`),
      lines: [t(lang, 'Skriv "opgaver" for at se jeres status på KLIK-opgaverne, eller "kommune [navn]" for at skifte.', 'Type "tasks" to see your status on KLIK tasks, or "municipality [name]" to change.')],
      tone: 'good',
    });
  }

  private async setMunicipalityAction(data: z.infer<typeof setMunicipalitySchema>, p: Profiled): Promise<ActionResult> {
    return { kind: 'card', card: await this.saveMunicipality(p, municipalityByCode(data.municipalityCode)!) };
  }

  private async showMoreAction(data: z.infer<typeof showMoreSchema>, p: Profiled): Promise<ActionResult> {
    const ctx = this.listContext(p.profile);
    const { list, page, filter } = data;
    if (list === 'tasks') {
      const solution = filter ? (await this.deps.repos.solutions.get(filter))?.value : undefined;
      return { kind: 'card', card: await taskListCard(ctx, { page, solutionId: solution?.id, solutionName: solution?.name }) };
    }
    if (list === 'deadlines') return { kind: 'card', card: await deadlineListCard(ctx, { page }) };
    return { kind: 'card', card: await agreementListCard(ctx, { page }) };
  }

  private async followByName(p: Profiled, name: string, follow: boolean): Promise<Reply> {
    const lang = p.profile.language;
    if (!name.trim()) return text(t(lang, follow ? 'Skriv fx "følg Sygesikring".' : 'Skriv fx "stop Sygesikring".', follow ? 'Type e.g. "follow Sygesikring".' : 'Type e.g. "unfollow Sygesikring".'));
    const solutions = await this.deps.repos.solutions.list();
    const match = matchSolution(solutions, name);
    if (match.kind !== 'exact') return card(this.unknownSolution(lang, name, match.kind === 'ambiguous' ? match.candidates : [], follow ? 'follow' : 'unfollow'));
    return card(await this.changeFollow(p, match.solution.id, match.solution.name, follow));
  }

  private async changeFollow(p: Profiled, solutionId: string, solutionName: string, follow: boolean): Promise<AdaptiveCard> {
    const lang = p.profile.language;
    const set = new Set(p.profile.followedSolutions);
    if (follow) set.add(solutionId);
    else set.delete(solutionId);
    await this.saveProfile(p, { ...p.profile, followedSolutions: [...set] });
    return noticeCard({
      title: follow ? t(lang, `Du følger nu ${solutionName}`, `You now follow ${solutionName}`) : t(lang, `Du følger ikke længere ${solutionName}`, `You no longer follow ${solutionName}`),
      lines: [follow ? t(lang, 'Nye KLIK-opgaver for løsningen kommer også i vores 1:1-chat.', 'New KLIK tasks for the solution will also come to our 1:1 chat.') : t(lang, 'Du får ikke længere beskeder om den i 1:1-chat.', 'You will no longer get 1:1 messages about it.')],
      tone: 'good',
    });
  }

  private async followAction(data: z.infer<typeof followSchema>, p: Profiled, follow: boolean): Promise<ActionResult> {
    const solution = (await this.deps.repos.solutions.get(data.solutionId))?.value;
    if (!solution) return { kind: 'message', text: t(p.profile.language, 'Den løsning findes ikke længere. Intet er ændret.', 'That solution no longer exists. Nothing was changed.') };
    return { kind: 'card', card: await this.changeFollow(p, solution.id, solution.name, follow) };
  }

  private async followingReply(profile: UserProfile): Promise<Reply> {
    const lang = profile.language;
    const solutions = await this.deps.repos.solutions.list();
    const names = profile.followedSolutions.map((id) => solutions.find((s) => s.id === id)?.name ?? id);
    return card(
      noticeCard({
        title: names.length ? t(lang, 'Du følger disse løsninger', 'You follow these solutions') : t(lang, 'Du følger ingen løsninger endnu', 'You do not follow any solutions yet'),
        lines: names.length ? names.map((n) => `• ${n}`) : [t(lang, 'Skriv fx "følg Sygesikring".', 'Type e.g. "follow Sygesikring".')],
        choices: profile.followedSolutions.slice(0, 5).map((id) => ({ title: t(lang, `Stop ${names[profile.followedSolutions.indexOf(id)]}`, `Unfollow ${names[profile.followedSolutions.indexOf(id)]}`), verb: 'unfollow', data: { solutionId: id } })),
      }),
    );
  }
}
