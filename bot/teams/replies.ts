import { CardFactory, MessageFactory, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import type { ActionResult, Reply } from '../conversation/turn.ts';

const APOLOGY = 'Beklager, der gik noget galt hos mig. Prøv igen om lidt.';
const INVOKE_RESPONSE_KEY = Symbol.for('BotFrameworkAdapter.InvokeResponse');

/** A reply as a Bot Framework activity. */
export function toActivity(reply: Reply): Partial<Activity> {
  return reply.kind === 'text' ? MessageFactory.text(reply.text) : MessageFactory.attachment(CardFactory.adaptiveCard(reply.card));
}

/** An Action.Execute answer: the card that replaces the clicked one for the clicker, or a message. */
export function toInvokeResponse(result: ActionResult): InvokeResponse {
  return result.kind === 'card'
    ? { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: result.card } }
    : { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: result.text } };
}

/** Sends an invoke response unless one was already sent in this turn. */
export async function sendInvokeResponse(context: TurnContext, response: InvokeResponse): Promise<void> {
  if (context.turnState.get(INVOKE_RESPONSE_KEY) || context.turnState.has(INVOKE_RESPONSE_KEY)) return;
  await context.sendActivity({ type: 'invokeResponse', value: response });
}

/**
 * How every failed turn ends: the Danish reply to a failure the domain can name, else a short
 * apology; an invoke gets it as its response. Never the error's own text.
 */
export async function apologyFor(context: TurnContext, reply: string = APOLOGY): Promise<void> {
  if (context.activity.type === 'invoke') {
    await sendInvokeResponse(context, { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: reply } });
  } else if (context.activity.type === 'message') {
    await context.sendActivity(reply);
  }
}
