import { CardFactory, MessageFactory, type Activity, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { Reply } from '../conversation/turn.ts';
import type { Installation } from '../storage/installationRepository.ts';
import { DeliveryError, type Messenger } from '../notifications/messenger.ts';

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

/** Proactive sends through botbuilder's CloudAdapter with the stored conversation reference. */
export class TeamsMessenger implements Messenger {
  constructor(private readonly adapter: CloudAdapter, private readonly botAppId: string) {}

  private async withConversation<T>(target: Installation, conversationId: string, logic: (send: (a: Partial<Activity>) => Promise<string>, update: (a: Partial<Activity>) => Promise<void>) => Promise<T>): Promise<T> {
    const reference = { ...(target.reference as Partial<ConversationReference>) };
    reference.conversation = { ...(reference.conversation as ConversationReference['conversation']), id: conversationId };
    let result: T | undefined;
    try {
      await this.adapter.continueConversationAsync(this.botAppId, reference, async (context) => {
        result = await logic(
          async (activity) => (await context.sendActivity(activity))?.id ?? '',
          async (activity) => {
            await context.updateActivity(activity);
          },
        );
      });
    } catch (error) {
      throw error instanceof DeliveryError ? error : classify(error);
    }
    return result as T;
  }

  async send(target: Installation, reply: Reply, options: { replyToActivityId?: string } = {}): Promise<{ activityId: string }> {
    // A reply in a channel thread goes to "<channel>;messageid=<root activity>".
    const conversationId = options.replyToActivityId && target.conversationType === 'channel' ? `${target.conversationId};messageid=${options.replyToActivityId}` : target.conversationId;
    const activityId = await this.withConversation(target, conversationId, (send) => send(toActivity(reply)));
    return { activityId };
  }

  async update(target: Installation, activityId: string, reply: Reply): Promise<void> {
    await this.withConversation(target, target.conversationId, (_send, update) => update({ ...toActivity(reply), id: activityId }));
  }
}
