import { TurnContext, type CloudAdapter, type ConversationReference, type Request as BotRequest, type Response as BotResponse } from 'botbuilder';
import teamsfx, { type TeamsFxAdaptiveCardActionHandler, type TeamsFxBotCommandHandler } from '@microsoft/teamsfx';
import type { Server, Request, Response } from 'restify';
import type { Logger } from '../log.ts';
import type { Clock } from '../domain/time.ts';
import type { InstallationRepository } from '../storage/installationRepository.ts';
import type { Conversation } from '../conversation/conversation.ts';
import type { CardActions } from '../conversation/cardActions.ts';
import { referenceKey, TableConversationReferenceStore } from './referenceStore.ts';
import { messageText, turnInfoOf } from './turnInfo.ts';
import { sendInvokeResponse, toActivity, toInvokeResponse } from './replies.ts';
import { chatReplyFor } from '../conversation/errorReplies.ts';
import { INSTALLED_IN_MEETING_CHAT, isMeetingChat, MEETING_EVENT_NAMES, teamsEventOf } from './teamsEvents.ts';

// teamsfx is CommonJS; Node's ESM loader does not see its namespace exports by name.
const { BotBuilderCloudAdapter } = teamsfx;

export interface TeamsBotDeps {
  readonly adapter: CloudAdapter;
  readonly conversation: Conversation;
  readonly cardActions: CardActions;
  readonly installations: InstallationRepository;
  readonly clock: Clock;
  readonly log: Logger;
  readonly botAppId?: string;
}

const NOT_UNDERSTOOD = 'Kortet kunne ikke læses. Prøv igen, eller skriv "hjælp".';


/**
 * The bot: teamsfx's ConversationBot over botbuilder's CloudAdapter. Commands and card actions
 * go to the {@link Conversation}; installs and uninstalls are kept in Table Storage.
 */
export class TeamsBot {
  private readonly bot: InstanceType<typeof BotBuilderCloudAdapter.ConversationBot>;
  private readonly store: TableConversationReferenceStore;

  constructor(private readonly deps: TeamsBotDeps) {
    this.store = new TableConversationReferenceStore(deps.installations, deps.clock);
    const command: TeamsFxBotCommandHandler = {
      // Every message comes here; the conversation reads the command itself (accent- and case-tolerant).
      triggerPatterns: /^[\s\S]*$/,
      handleCommandReceived: async (context) => {
        await this.onMessage(context);
      },
    };
    this.bot = new BotBuilderCloudAdapter.ConversationBot({
      adapter: deps.adapter,
      command: { enabled: true, commands: [command] },
      cardAction: { enabled: true, actions: deps.cardActions.verbs.map((verb) => this.cardActionHandler(verb)) },
      notification: { enabled: true, store: this.store, botAppId: deps.botAppId },
    });
  }

  /** Answers one verb; never throws, because teamsfx would put the raw error text in the response. */
  private cardActionHandler(verb: string): TeamsFxAdaptiveCardActionHandler {
    return {
      triggerVerb: verb,
      handleActionInvoked: async (context, data) => {
        try {
          const turn = await turnInfoOf(context, this.deps.log, { lookUpEmail: false });
          const result = await this.deps.cardActions.dispatch(turn, verb, typeof data === 'object' && data ? data : {});
          return toInvokeResponse(result);
        } catch (error) {
          const named = chatReplyFor(error);
          if (named) this.deps.log.info({ err: error, verb, correlationId: context.activity.id }, 'card action refused');
          else this.deps.log.error({ err: error, verb, correlationId: context.activity.id }, 'card action failed');
          return toInvokeResponse({ kind: 'message', text: named ?? 'Beklager, der gik noget galt hos mig. Intet er ændret – prøv igen om lidt.' });
        }
      },
    };
  }

  private async onMessage(context: TurnContext): Promise<void> {
    // Messages to the bot are few (in a channel only when it is @mentioned), and staff-only commands
    // such as "evaluering start" in a channel need the e-mail that tells who is KOMBIT staff.
    const turn = await turnInfoOf(context, this.deps.log, { lookUpEmail: true });
    for (const reply of await this.deps.conversation.onMessage(turn, messageText(context))) await context.sendActivity(toActivity(reply));
  }

  /** An Action.Submit from a client without Universal Actions arrives as a message with the card's data and no text. */
  private async onSubmit(context: TurnContext, value: Record<string, unknown>): Promise<void> {
    const verb = typeof value.verb === 'string' ? value.verb : '';
    const turn = await turnInfoOf(context, this.deps.log, { lookUpEmail: false });
    const result = await this.deps.cardActions.dispatch(turn, verb, value);
    await context.sendActivity(toActivity(result.kind === 'card' ? { kind: 'card', card: result.card } : { kind: 'text', text: result.text }));
  }

  /** What teamsfx's middleware leaves to us: bot added/removed by conversationUpdate, welcomes, and invokes nobody answered. */
  private async onOtherActivity(context: TurnContext): Promise<void> {
    const a = context.activity;
    const botId = a.recipient?.id;
    if (a.type === 'message' && !a.text && a.value && typeof a.value === 'object') {
      await this.onSubmit(context, a.value as Record<string, unknown>);
      return;
    }
    if (a.type === 'conversationUpdate') {
      const reference = TurnContext.getConversationReference(a);
      // A team's name comes only in channelData; kept with the installation so confirmations can name where a card went.
      const teamName = (a.channelData as { team?: { name?: unknown } } | undefined)?.team?.name;
      if (typeof teamName === 'string' && reference.conversation && !reference.conversation.name) reference.conversation = { ...reference.conversation, name: teamName };
      if (a.membersAdded?.some((m) => m.id === botId)) {
        await this.store.add(referenceKey(reference), reference, { overwrite: true });
        await this.welcome(context, referenceKey(reference));
        if (isMeetingChat(a)) await this.onEvent(context, INSTALLED_IN_MEETING_CHAT);
      }
      if (a.membersRemoved?.some((m) => m.id === botId)) await this.store.remove(referenceKey(reference));
      return;
    }
    if (a.type === 'installationUpdate') {
      const action = (a as { action?: string }).action?.toLowerCase();
      if (action === 'add' || action === 'add-upgrade') await this.welcome(context, referenceKey(TurnContext.getConversationReference(a)));
      if ((action === 'add' || action === 'add-upgrade') && isMeetingChat(a)) await this.onEvent(context, INSTALLED_IN_MEETING_CHAT);
      return;
    }
    if (a.type === 'event' && MEETING_EVENT_NAMES.has(a.name ?? '')) {
      await this.onEvent(context, a.name!);
      return;
    }
    if (a.type === 'invoke' && a.name === 'adaptiveCard/action') {
      const verb = (a.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
      if (typeof verb === 'string' && this.deps.cardActions.has(verb)) return;
      if (typeof verb === 'string' && verb) this.deps.cardActions.noteUnknown(verb, a.id);
      else this.deps.log.warn({ correlationId: a.id }, 'card action without a verb or with a malformed payload');
      await sendInvokeResponse(context, toInvokeResponse({ kind: 'message', text: NOT_UNDERSTOOD }));
    }
  }

  /** Hands a meeting event (or an install in a meeting chat) to the capabilities, without botbuilder types. */
  private async onEvent(context: TurnContext, name: string): Promise<void> {
    // A channel meeting's events name the channel thread with a message id; the installation is the channel's.
    const reference = TurnContext.getConversationReference(context.activity);
    const key = referenceKey({ conversation: { ...reference.conversation!, id: (reference.conversation?.id ?? '').split(';')[0]! } });
    await this.deps.conversation.onEvent(await teamsEventOf(context, name, key, this.deps.log));
  }

  /** Sends the welcome once per installation, whichever of the paired install events comes first. */
  private async welcome(context: TurnContext, key: string): Promise<void> {
    if (!(await this.deps.installations.claimWelcome(key, this.deps.clock.now()))) return;
    const lookUpEmail = context.activity.conversation?.conversationType === 'personal';
    const turn = await turnInfoOf(context, this.deps.log, { lookUpEmail });
    for (const reply of await this.deps.conversation.onInstalled(turn)) await context.sendActivity(toActivity(reply));
  }

  /** Handles one POST to /api/messages. */
  async handle(req: Request, res: Response): Promise<void> {
    // A malformed invoke makes teamsfx's middleware throw before any handler runs; the adapter's onTurnError answers it.
    const activity = (req as unknown as { body?: { type?: string; name?: string; value?: { action?: unknown } } }).body;
    if (activity?.type === 'invoke' && activity.name === 'adaptiveCard/action' && (typeof activity.value !== 'object' || !activity.value?.action)) {
      activity.value = { action: { type: 'Action.Execute', verb: '', data: {} } };
    }
    await this.bot.requestHandler(req as unknown as BotRequest, res as unknown as BotResponse, (context) => this.onOtherActivity(context));
  }
}

/** The least an activity must carry for a turn to make sense; anything less is refused before the SDK sees it. */
function isActivityShaped(body: unknown): boolean {
  const a = body as { type?: unknown; from?: { id?: unknown }; conversation?: { id?: unknown } } | undefined;
  return !!a && typeof a === 'object' && typeof a.type === 'string' && typeof a.from?.id === 'string' && typeof a.conversation?.id === 'string';
}

const REFUSALS: Record<number, { code: string; message: string }> = {
  400: { code: 'InvalidActivity', message: 'Aktiviteten mangler type, afsender eller samtale.' },
  403: { code: 'ForeignTenant', message: 'Appen bruges kun i KOMBITs organisation.' },
  401: { code: 'Unauthorized', message: 'Forespørgslen er ikke fra Microsoft Teams (ugyldigt eller manglende token).' },
  503: { code: 'BotFrameworkUnavailable', message: 'Beskeden kan ikke behandles lige nu. Prøv igen om lidt.' },
};

/**
 * A response for the SDK to write into, answered only when it ends: what the SDK says of a
 * refusal or a failure (its raw error text, e.g. a DNS failure on login.botframework.com) is
 * logged with the correlation id and replaced by the app's own short Danish body; a failure to
 * validate the caller is a 503, since Teams retries those.
 */
function guardedResponse(res: Response, log: Logger, correlationId: string): BotResponse {
  let status = 200;
  let body: unknown;
  const guarded = {
    status(code: number) {
      status = code;
      return guarded;
    },
    header(name: string, value: unknown) {
      res.header(name, value);
      return guarded;
    },
    send(content: unknown) {
      body = content;
      return guarded;
    },
    end() {
      if (res.headersSent) return guarded;
      if (status >= 500) {
        log.error({ correlationId, status, cause: typeof body === 'string' ? body : undefined }, 'the bot could not process an activity (Bot Framework token validation or the turn failed)');
        res.send(503, { error: REFUSALS[503] });
      } else if (status === 401 || status === 400) {
        log.info({ correlationId, status, cause: typeof body === 'string' ? body : undefined }, 'activity refused');
        res.send(status, { error: REFUSALS[status] });
      } else if (body === undefined) {
        res.send(status);
      } else {
        res.send(status, body);
      }
      return guarded;
    },
  };
  return guarded as unknown as BotResponse;
}

/** The Microsoft 365 tenant an activity comes from, as Teams names it. */
function tenantOf(body: unknown): string | undefined {
  const a = body as { channelData?: { tenant?: { id?: unknown } }; conversation?: { tenantId?: unknown } };
  const id = a.channelData?.tenant?.id ?? a.conversation?.tenantId;
  return typeof id === 'string' ? id.toLowerCase() : undefined;
}

/**
 * Registers `POST /api/messages`. With `tenantId` (production), an activity from another
 * Microsoft 365 tenant is refused before the SDK sees it: the app installed there by someone
 * with its package would otherwise be stored as an installation, get cards and answer commands.
 */
export function registerBotRoute(server: Server, bot: TeamsBot, log: Logger, options: { tenantId?: string } = {}): void {
  const ownTenant = options.tenantId?.toLowerCase();
  server.post('/api/messages', async (req: Request, res: Response) => {
    const body = (req as unknown as { body?: unknown }).body;
    const correlationId = (typeof (body as { id?: unknown } | undefined)?.id === 'string' ? (body as { id: string }).id : undefined) ?? String(req.header('x-correlation-id') ?? 'none');
    if (!isActivityShaped(body)) {
      res.send(400, { error: REFUSALS[400] });
      return;
    }
    const tenant = tenantOf(body);
    if (ownTenant && tenant && tenant !== ownTenant) {
      log.warn({ correlationId, tenant }, 'activity from another tenant refused');
      res.send(403, { error: REFUSALS[403] });
      return;
    }
    try {
      await bot.handle(req, guardedResponse(res, log, correlationId) as unknown as Response);
    } catch (error) {
      log.error({ err: error, correlationId }, 'the bot could not process an activity');
      if (!res.headersSent) res.send(503, { error: REFUSALS[503] });
    }
  });
}
