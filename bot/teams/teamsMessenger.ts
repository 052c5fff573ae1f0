import { CardFactory, MessageFactory, type Activity, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import type { Reply } from '../conversation/turn.ts';
import type { Installation } from '../storage/installationRepository.ts';
import { DeliveryError, type Messenger } from '../notifications/messenger.ts';
import { installationFrom, referenceKey } from './referenceStore.ts';

const PERMANENT_403 = new Set(['ConversationBlockedByUser', 'BotNotInConversationRoster', 'BotDisabledByAdmin', 'MessageWritesBlocked', 'Forbidden']);

function toActivity(reply: Reply): Partial<Activity> {
  return reply.kind === 'text' ? MessageFactory.text(reply.text) : MessageFactory.attachment(CardFactory.adaptiveCard(reply.card));
}

function retryAfterOf(error: { response?: { headers?: { get?(name: string): string | undefined } } }): number | undefined {
  const header = error.response?.headers?.get?.('retry-after');
  const seconds = header ? Number(header) : NaN;
  return Number.isFinite(seconds) ? seconds * 1000 : undefined;
}

/** Classifies a Bot Connector failure: 403/404 are permanent for the target, everything else may pass. */
export function classify(error: unknown): DeliveryError {
  const e = error as { statusCode?: number; code?: string; message?: string; response?: { headers?: { get?(name: string): string | undefined } } };
  const status = e.statusCode;
  const code = e.code ?? (status ? String(status) : 'NetworkError');
  if (status === 404) return new DeliveryError('permanent', 404, code === '404' ? 'ConversationNotFound' : code);
  if (status === 403) return new DeliveryError('permanent', 403, PERMANENT_403.has(code) ? code : code || 'Forbidden');
  return new DeliveryError('transient', status, code, retryAfterOf(e));
}

/**
 * Proactive sends through botbuilder's CloudAdapter with the stored conversation reference,
 * calling the Bot Connector's documented operations directly: send to conversation, reply to
 * activity (a thread reply in a channel), update activity.
 */
export class TeamsMessenger implements Messenger {
  constructor(private readonly adapter: CloudAdapter, private readonly botAppId: string) {}

  private async withConnector<T>(target: Installation, call: (connector: ConnectorClient) => Promise<T>): Promise<T> {
    let result: T | undefined;
    // The adapter would hand an error thrown inside the turn to onTurnError; keep it to classify it here.
    let failure: unknown;
    try {
      await this.adapter.continueConversationAsync(this.botAppId, target.reference as Partial<ConversationReference>, async (context) => {
        const connector = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
        try {
          result = await call(connector);
        } catch (error) {
          failure = error;
        }
      });
    } catch (error) {
      failure = error;
    }
    if (failure !== undefined) throw failure instanceof DeliveryError ? failure : classify(failure);
    return result as T;
  }

  async send(target: Installation, reply: Reply, options: { replyToActivityId?: string } = {}): Promise<{ activityId: string }> {
    const activity = this.outgoing(target, reply);
    const response = await this.withConnector(target, (connector) =>
      options.replyToActivityId
        ? connector.conversations.replyToActivity(target.conversationId, options.replyToActivityId, { ...activity, replyToId: options.replyToActivityId })
        : connector.conversations.sendToConversation(target.conversationId, activity),
    );
    return { activityId: response.id ?? '' };
  }

  async update(target: Installation, activityId: string, reply: Reply): Promise<void> {
    await this.withConnector(target, (connector) => connector.conversations.updateActivity(target.conversationId, activityId, { ...this.outgoing(target, reply), id: activityId }));
  }

  async openPersonalChat(person: { userId: string; tenantId: string; serviceUrl: string }, now: Date): Promise<Installation> {
    // Any reference with the service URL gives the connector client; the conversation is the one created.
    const origin = { serviceUrl: person.serviceUrl, channelId: 'msteams', conversation: { id: '', isGroup: false, conversationType: 'personal', name: '' }, bot: { id: this.botAppId, name: '' } };
    const created = await this.withConnector({ reference: origin, serviceUrl: person.serviceUrl } as unknown as Installation, (connector) =>
      connector.conversations.createConversation({
        isGroup: false,
        bot: { id: this.botAppId, name: '' },
        members: [{ id: person.userId, name: '' }],
        tenantId: person.tenantId,
        channelData: { tenant: { id: person.tenantId } },
        activity: undefined as unknown as Activity,
      }),
    );
    const reference: Partial<ConversationReference> = {
      bot: { id: this.botAppId, name: '' },
      user: { id: person.userId, name: '', aadObjectId: person.userId },
      conversation: { id: created.id, isGroup: false, conversationType: 'personal', tenantId: person.tenantId, name: '' },
      channelId: 'msteams',
      serviceUrl: created.serviceUrl ?? person.serviceUrl,
    };
    return installationFrom(referenceKey(reference), reference, now);
  }

  /** The activity with the addressing the connector expects (from the bot, to the conversation). */
  private outgoing(target: Installation, reply: Reply): Partial<Activity> {
    const reference = target.reference as Partial<ConversationReference>;
    return { ...toActivity(reply), from: reference.bot, conversation: reference.conversation, channelId: reference.channelId ?? 'msteams', serviceUrl: target.serviceUrl };
  }
}
